export declare const clusterBinary: string;
export declare function ensureClusterBinary(options?: { log?: (line: string) => void }): Promise<string>;
