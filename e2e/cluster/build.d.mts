export declare const clusterBinary: string;
export declare function ensureClusterBinary(options?: { log?: (line: string) => void; signal?: AbortSignal }): Promise<string>;
