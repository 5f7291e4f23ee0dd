/**
 * What a file system reader (ISO 9660/Joliet, UDF) gives the path layer in disc-fs.ts: a root, the children of
 * a directory, sizes and positional reads. Nodes are the reader's own objects; the path layer only reads
 * `name` and `isDirectory` and hands them back.
 */
export type DiscKind = 'udf' | 'joliet' | 'iso9660';
export interface FsNode {
    readonly name: string;
    readonly isDirectory: boolean;
}
export interface FsBackend<N extends FsNode = FsNode> {
    readonly kind: DiscKind;
    readonly volumeLabel: string;
    readonly root: N;
    /** The entries of a directory, without "." and "..". */
    children(directory: N): Promise<N[]>;
    /** File sizes in bytes (directories: the size of their records), in the order given. */
    sizes(nodes: readonly N[]): Promise<number[]>;
    /** Up to `length` bytes of a file from `offset`: fewer only at the end of the file. */
    read(file: N, offset: number, length: number): Promise<Buffer>;
}
