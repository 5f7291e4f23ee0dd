/** A VM gets at most this many vCPUs by default: Setup gains little beyond, and the host keeps its own. */
export declare const AUTO_MAX_CPUS = 8;
/** Nor more memory than this by default: Windows Setup and Update do not use more. */
export declare const AUTO_MAX_MEMORY_MIB: number;
/** What Windows 11 asks for, and what `auto` gives whenever the host has it to spare. */
export declare const AUTO_MIN_MEMORY_MIB = 4096;
/** A /proc/meminfo value in bytes. Pure. */
export declare function meminfoBytes(meminfo: string, name: string): number | undefined;
/** A file's text, or '' when it cannot be read (a /proc or /sys file this host does not have). */
export declare function readText(file: string): string;
/**
 * The limits of the cgroup this process runs in: a container's or a Kubernetes pod's (`resources.limits`),
 * which the machine-wide /proc/meminfo and CPU count do not show. cgroup v2 (`memory.max`, `memory.current`,
 * `cpu.max`) or v1 (`memory.limit_in_bytes`, `memory.usage_in_bytes`, `cpu.cfs_quota_us`/`cpu.cfs_period_us`);
 * a value of `max`, -1 or an absurd v1 "unlimited" is no limit.
 */
export interface CgroupLimits {
    memoryLimitBytes?: number;
    memoryUsedBytes?: number;
    /** Reclaimable file cache within the used (memory.stat `inactive_file`, v1 `total_inactive_file`). */
    memoryReclaimableBytes?: number;
    /** CPU quota in CPUs (quota / period), possibly fractional. */
    cpuQuota?: number;
}
/** /proc/self/cgroup as controller → path ("" for cgroup v2's `0::/path` line). Pure. */
export declare function cgroupPaths(procSelfCgroup: string): Map<string, string>;
/** cgroup v2's `cpu.max` ("max 100000" or "400000 100000") as CPUs. Pure. */
export declare function cpuMaxQuota(cpuMax: string): number | undefined;
/** A byte count from a cgroup file; `max`, negative and v1's "unlimited" (≥ 2^62) are none. Pure. */
export declare function cgroupBytes(text: string): number | undefined;
/**
 * This process's cgroup limits. Inside a container the namespace's root is the container's own cgroup, so each
 * file is tried at the process's cgroup path and then at the root.
 */
export declare function cgroupLimits(root?: string, procSelfCgroup?: string): CgroupLimits;
/**
 * The CPUs this process may use: the affinity mask (os.availableParallelism), and no more than a cgroup CPU
 * quota allows (rounded up: a 3.5-CPU quota still runs 4 vCPU threads, just slower).
 */
export declare function hostCpus(limits?: CgroupLimits): number;
/**
 * MemTotal and MemAvailable in bytes (os.totalmem/freemem where there is no /proc/meminfo), within this
 * cgroup's memory limit: in a pod limited to 6 GiB on a 64 GiB node, the build has 6 GiB, and a guest sized
 * from the node's memory would be killed by the OOM killer. In a cgroup, available is the limit less the
 * working set: usage less inactive file cache, which the kernel reclaims before it OOM-kills (kubelet counts
 * it so): the 6 GB ISO just downloaded sits in the page cache and is not memory the guest lacks.
 */
export declare function hostMemory(meminfoFile?: string, limits?: CgroupLimits): {
    totalBytes: number;
    availableBytes: number;
};
export interface FilesystemSpace {
    /** Bytes an unprivileged user may still write there. */
    freeBytes: number;
    /** A tmpfs: its space is memory. */
    memoryBacked: boolean;
}
/** Whether this user may create files in `dir` (write and search permission; false when it is missing). */
export declare function canWriteIn(dir: string): boolean;
/** Free space of the filesystem holding `dir`; undefined when it cannot be read (no such directory). */
export declare function filesystemSpace(dir: string): FilesystemSpace | undefined;
export interface HostSize {
    cpus: number;
    memoryTotalBytes: number;
}
export interface VmSize {
    cpus: number;
    memoryMiB: number;
    /** How each was chosen, for the log and the plan ("auto: 4 of 4 host CPUs"). */
    why: {
        cpus: string;
        memoryMiB: string;
    };
}
/**
 * The VM's size: a number given is kept; `auto` is all the host's CPUs up to AUTO_MAX_CPUS, and its memory
 * less max(2 GiB, 25 %) up to AUTO_MAX_MEMORY_MIB, raised to 4096 MiB when the host can still keep
 * admission's headroom (memoryHeadroomBytes: 1 GiB up to a 10 GiB host). Never more than MemTotal less that
 * headroom, so `auto` on an idle host is always admitted. On a GitHub-hosted runner (4 CPUs, 16 GB): 4 vCPUs
 * and about 11.7 GiB. Pure.
 */
export declare function chooseVmSize(requested: {
    cpus: number | 'auto';
    memoryMiB: number | 'auto';
}, host: HostSize): VmSize;
/** This host's size, for chooseVmSize. */
export declare function hostSize(): HostSize;
