export declare const chartDir: string;
export declare const manifestsFile: string;
export declare const manifestsValues: string;
export declare const manifestsNamespace: string;
export declare function renderManifests(options?: { log?: (line: string) => void }): Promise<string>;
