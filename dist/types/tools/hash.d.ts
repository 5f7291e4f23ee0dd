export declare function sha256File(file: string): Promise<string>;
