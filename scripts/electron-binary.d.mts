export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };
export function findElectronBinary(): ElectronBinary;
