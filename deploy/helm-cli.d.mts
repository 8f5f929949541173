export interface HelmResult {
  code: number | null;
  stdout: string;
  stderr: string;
}
export declare function runHelm(args: string[], options?: { log?: (line: string) => void }): Promise<HelmResult>;
