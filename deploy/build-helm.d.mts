export declare const helmBinary: string;
export declare function ensureHelmBinary(options?: {
  log?: (line: string) => void;
  signal?: AbortSignal;
}): Promise<string>;
