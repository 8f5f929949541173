// shared/: pure TypeScript used by every layer. No I/O here (no node:*, electron, ws, network).
export const PRODUCT_NAME = 'Gatehouse';

export * from './api';
