export const id = 279;
export const ids = [279];
export const modules = {

/***/ 33279:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// UNUSED EXPORTS: fail, publishImage

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/tools/process-identity.ts
/**
 * A process named so that a recycled pid is not mistaken for it: pid plus its start time (field 22 of
 * /proc/PID/stat, clock ticks since boot). Where /proc is missing the start time is undefined and only the
 * pid is checked.
 */

function processStartTime(pid) {
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[19]; // field 22; fields[0] is field 3
    }
    catch {
        return undefined;
    }
}
function currentProcess() {
    return { pid: process.pid, startTime: processStartTime(process.pid) };
}
/** True while the very process (same pid, same start time) is running. */
function isAlive(identity) {
    if (!Number.isInteger(identity.pid) || identity.pid <= 0)
        return false;
    try {
        process.kill(identity.pid, 0);
    }
    catch (error) {
        // EPERM: it exists but belongs to someone else.
        if (error.code !== 'EPERM')
            return false;
    }
    if (identity.startTime === undefined)
        return true;
    const now = processStartTime(identity.pid);
    return now === undefined || now === identity.startTime;
}

;// CONCATENATED MODULE: ./src/unattend/windows-targets.ts
const GiB = 1024;
const WINDOWS_TARGETS = {
    w10: {
        os: 'w10',
        displayName: 'Windows 10',
        virtioFolder: 'w10',
        isServer: false,
        hardwareCheckBypass: false,
        minDiskMiB: 32 * GiB,
        typicalInstallMiB: 16 * GiB,
        openssh: 'capability',
    },
    w11: {
        os: 'w11',
        displayName: 'Windows 11',
        virtioFolder: 'w11',
        isServer: false,
        hardwareCheckBypass: true,
        minDiskMiB: 64 * GiB,
        typicalInstallMiB: 24 * GiB,
        openssh: 'capability',
    },
    '2k19': {
        os: '2k19',
        displayName: 'Windows Server 2019',
        virtioFolder: '2k19',
        isServer: true,
        hardwareCheckBypass: false,
        minDiskMiB: 32 * GiB,
        typicalInstallMiB: 14 * GiB,
        openssh: 'capability',
    },
    '2k22': {
        os: '2k22',
        displayName: 'Windows Server 2022',
        virtioFolder: '2k22',
        isServer: true,
        hardwareCheckBypass: false,
        minDiskMiB: 32 * GiB,
        typicalInstallMiB: 14 * GiB,
        openssh: 'capability',
    },
    '2k25': {
        os: '2k25',
        displayName: 'Windows Server 2025',
        virtioFolder: '2k25',
        isServer: true,
        hardwareCheckBypass: false,
        minDiskMiB: 32 * GiB,
        typicalInstallMiB: 18 * GiB,
        openssh: 'builtin',
    },
};
/**
 * The Windows version an install.wim image NAME belongs to: "Windows 11 Pro" → w11,
 * "Windows Server 2022 SERVERDATACENTER" → 2k22, "Windows 10 Enterprise LTSC 2019" → w10; unknown → undefined.
 * Server years are matched first, so an LTSC year on a client edition does not count as a server.
 *
 * Beware: some older Windows 11 ISOs named their images "Windows 10 Pro" etc. (only DISPLAYNAME said
 * Windows 11), so a name can mislead; `osFromBuild` on the image's build number settles it.
 */
function osFromEdition(edition) {
    const server = /\bserver\s*(2019|2022|2025)\b/i.exec(edition);
    if (server)
        return { '2019': '2k19', '2022': '2k22', '2025': '2k25' }[server[1]];
    const client = /\bwindows\s*(10|11)\b/i.exec(edition);
    if (client)
        return client[1] === '11' ? 'w11' : 'w10';
    return undefined;
}
/**
 * The Windows version from an image's build number (install.wim XML: BUILD) and whether it is a server
 * (INSTALLATIONTYPE "Server" or "Server Core"); undefined for builds outside the supported versions.
 */
function osFromBuild(build, server) {
    if (!Number.isInteger(build) || build < 10240)
        return undefined;
    if (!server)
        return build >= 22000 ? 'w11' : 'w10';
    if (build >= 26100)
        return '2k25';
    if (build >= 20348)
        return '2k22';
    if (build >= 17763)
        return '2k19';
    return undefined;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./node_modules/proper-lockfile/index.js
var proper_lockfile = __webpack_require__(83648);
var proper_lockfile_default = /*#__PURE__*/__webpack_require__.n(proper_lockfile);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
;// CONCATENATED MODULE: ./src/bake/admission.ts

const MiB = 1024 * 1024;
const admission_GiB = 1024 * MiB;
/** Memory kept free for the host, QEMU's own overhead and the page cache: max(1 GiB, 10 % of MemTotal). */
function memoryHeadroomBytes(memTotalBytes) {
    return Math.max(admission_GiB, Math.round(memTotalBytes / 10));
}
/**
 * vCPUs per host CPU. Under TCG every vCPU thread keeps a host CPU busy: no overcommit. Under KVM a vCPU
 * thread runs only while the guest does, and Setup waits on the disk much of the time: two per CPU.
 */
const CPU_OVERCOMMIT = { kvm: 2, tcg: 1 };
const sum = (builds, of) => builds.reduce((total, build) => total + of(build), 0);
/** "1 other build (pid 12)", "2 other builds (pids 12, 34)". */
function describeBuilds(builds) {
    const pids = builds.map((build) => build.pid).join(', ');
    return builds.length === 1 ? `1 other build (pid ${pids})` : `${builds.length} other builds (pids ${pids})`;
}
const gib = (bytes) => (0,log/* formatBytes */.z3)(bytes);
/** The rule: memory against MemTotal and MemAvailable, vCPUs against the CPUs, disk against free space. */
/** More vCPUs than the host's budget for one build: it runs, slowly (a warning, not a refusal). */
function oversubscribed(request, hostCpus) {
    const budget = hostCpus * CPU_OVERCOMMIT[request.accel];
    if (request.cpus <= budget)
        return undefined;
    return `${request.cpus} vCPUs on ${hostCpus} host CPUs under ${request.accel} (at most ${budget}): the guest runs slower than with --cpus ${budget}`;
}
function decideAdmission(request, host, others) {
    const shortfalls = [];
    const warnings = [];
    const blocking = new Set();
    let never = false;
    const headroom = memoryHeadroomBytes(host.memTotalBytes);
    const memory = request.memoryMiB * MiB;
    const needsMemory = `needs ${request.memoryMiB} MiB memory`;
    // (a) Against MemTotal: every guest touches all its memory in the end, so reservations add up.
    const reserved = sum(others, (build) => build.memoryMiB * MiB);
    if (memory + headroom > host.memTotalBytes) {
        never = true;
        shortfalls.push(`${needsMemory}; the host has ${gib(host.memTotalBytes)} in all, ${gib(headroom)} of it headroom`);
    }
    else if (memory + reserved + headroom > host.memTotalBytes) {
        others.forEach((build) => blocking.add(build));
        shortfalls.push(`${needsMemory}; ${gib(host.memTotalBytes)} total, ${gib(reserved)} reserved by ${describeBuilds(others)}, ${gib(headroom)} headroom`);
    }
    // (a') Against MemAvailable: other programs use memory too. What other guests have touched is already
    // gone from MemAvailable; only what they have not touched yet is still to come out of it.
    const untouched = sum(others, (build) => build.untouchedMemoryBytes);
    if (!never && others.length === 0 && memory + headroom > host.memAvailableBytes) {
        // Alone, and it fits MemTotal: the rest is page cache the kernel reclaims, or other programs that may
        // end; QEMU takes guest memory as the guest touches it. No build to wait for, and refusing would fail a
        // build that usually runs: it goes ahead, with the numbers in a warning.
        warnings.push(`${needsMemory} with ${gib(headroom)} headroom; ${gib(host.memAvailableBytes)} available now (the rest of the host's ${gib(host.memTotalBytes)} is held by other programs or page cache): going ahead, the guest takes its memory as it touches it`);
    }
    else if (!never && memory + headroom + untouched > host.memAvailableBytes) {
        const holders = others.filter((build) => build.untouchedMemoryBytes > 0);
        others.forEach((build) => blocking.add(build));
        shortfalls.push(`${needsMemory}; ${gib(host.memAvailableBytes)} available now${holders.length > 0 ? `, ${gib(untouched)} of it promised to ${describeBuilds(holders)}` : ''}, ${gib(headroom)} headroom`);
    }
    // (b) vCPUs against host CPUs × the accelerator's overcommit. CPUs are time-shared, memory is not: a build
    // with more vCPUs than the budget runs (slowly) when it is alone, taking the whole budget; never a failure.
    const budget = host.cpus * CPU_OVERCOMMIT[request.accel];
    const taken = sum(others, (build) => Math.min(build.cpus, budget));
    if (others.length > 0 && Math.min(request.cpus, budget) + taken > budget) {
        others.forEach((build) => blocking.add(build));
        shortfalls.push(`needs ${request.cpus} vCPU${request.cpus === 1 ? '' : 's'}; ${host.cpus} host CPUs × ${CPU_OVERCOMMIT[request.accel]} (${request.accel}) = ${budget}, ${taken} taken by ${describeBuilds(others)}`);
    }
    // (c) Disk: free space on the work dir's filesystem less what other builds there have yet to write.
    const sameDisk = others.filter((build) => build.device === request.device);
    const promised = sum(sameDisk, (build) => build.remainingDiskBytes);
    if (request.diskBytes + promised > host.freeBytes) {
        // Other builds' work dirs go when they end; without any, there is nothing to wait for.
        if (sameDisk.length === 0)
            never = true;
        sameDisk.forEach((build) => blocking.add(build));
        shortfalls.push(`needs ${gib(request.diskBytes)} disk in ${request.dir}; ${gib(host.freeBytes)} free${sameDisk.length > 0 ? `, ${gib(promised)} of it still to be written by ${describeBuilds(sameDisk)}` : ''}`);
    }
    if (shortfalls.length === 0)
        return warnings.length > 0 ? { verdict: 'fits', warnings } : { verdict: 'fits' };
    return { verdict: never ? 'never' : 'wait', shortfalls, blocking: [...blocking] };
}

;// CONCATENATED MODULE: ./src/bake/host-resources.ts
/**
 * What this host has for a build: CPUs, memory (/proc/meminfo) and free disk (statfs), read in one place, and
 * the pure rule that sizes the VM from them when memory or cpus is `auto`. The action's placement and space
 * check, preflight and the failure bundle's host facts all read the host through here.
 */




const host_resources_MiB = 1024 * 1024;
/** A VM gets at most this many vCPUs by default: Setup gains little beyond, and the host keeps its own. */
const AUTO_MAX_CPUS = 8;
/** Nor more memory than this by default: Windows Setup and Update do not use more. */
const AUTO_MAX_MEMORY_MIB = 16 * 1024;
/** What Windows 11 asks for, and what `auto` gives whenever the host has it to spare. */
const AUTO_MIN_MEMORY_MIB = 4096;
/** The host always keeps at least this much, or a quarter of its memory when that is more. */
const HOST_HEADROOM_MIB = 2048;
/** Guest memory is rounded down to this. */
const MEMORY_STEP_MIB = 256;
/** statfs's magic for tmpfs: a "disk" that is the host's memory, which the VM needs for itself. */
const TMPFS_MAGIC = 0x01021994;
/** A /proc/meminfo value in bytes. Pure. */
function meminfoBytes(meminfo, name) {
    const match = new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(meminfo);
    return match ? Number(match[1]) * 1024 : undefined;
}
/** A file's text, or '' when it cannot be read (a /proc or /sys file this host does not have). */
function readText(file) {
    try {
        return (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch {
        return '';
    }
}
/** /proc/self/cgroup as controller → path ("" for cgroup v2's `0::/path` line). Pure. */
function cgroupPaths(procSelfCgroup) {
    const paths = new Map();
    for (const line of procSelfCgroup.split('\n')) {
        const match = /^\d+:([^:]*):(\/.*)$/.exec(line.trim());
        if (!match)
            continue;
        for (const controller of match[1].split(','))
            paths.set(controller, match[2]);
    }
    return paths;
}
/** cgroup v2's `cpu.max` ("max 100000" or "400000 100000") as CPUs. Pure. */
function cpuMaxQuota(cpuMax) {
    const [quota, period] = cpuMax.trim().split(/\s+/);
    if (!quota || quota === 'max' || !period)
        return undefined;
    const cpus = Number(quota) / Number(period);
    return Number.isFinite(cpus) && cpus > 0 ? cpus : undefined;
}
/** A byte count from a cgroup file; `max`, negative and v1's "unlimited" (≥ 2^62) are none. Pure. */
function cgroupBytes(text) {
    const value = text.trim();
    if (!/^\d+$/.test(value))
        return undefined;
    const bytes = Number(value);
    return bytes > 0 && bytes < 2 ** 62 ? bytes : undefined;
}
/** One counter of a cgroup's memory.stat ("inactive_file 123\n…") in bytes. Pure. */
function memoryStatBytes(memoryStat, name) {
    const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(memoryStat);
    return match ? Number(match[1]) : undefined;
}
/** The first of `dirs` where `file` can be read, and its text. */
function firstReadable(dirs, file) {
    for (const dir of dirs) {
        const text = readText(external_node_path_default().join(dir, file));
        if (text)
            return text;
    }
    return '';
}
/**
 * This process's cgroup limits. Inside a container the namespace's root is the container's own cgroup, so each
 * file is tried at the process's cgroup path and then at the root.
 */
function cgroupLimits(root = '/sys/fs/cgroup', procSelfCgroup = '/proc/self/cgroup') {
    const paths = cgroupPaths(readText(procSelfCgroup));
    const at = (mount, controller) => {
        const own = paths.get(controller);
        return [...(own ? [external_node_path_default().join(root, mount, own)] : []), external_node_path_default().join(root, mount)];
    };
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(root, 'cgroup.controllers'))) {
        const dirs = at('', '');
        const cpu = firstReadable(dirs, 'cpu.max');
        return {
            memoryLimitBytes: cgroupBytes(firstReadable(dirs, 'memory.max')),
            memoryUsedBytes: cgroupBytes(firstReadable(dirs, 'memory.current')),
            memoryReclaimableBytes: memoryStatBytes(firstReadable(dirs, 'memory.stat'), 'inactive_file'),
            cpuQuota: cpu ? cpuMaxQuota(cpu) : undefined,
        };
    }
    const memory = at('memory', 'memory');
    const cpu = at('cpu', 'cpu');
    const quota = Number(firstReadable(cpu, 'cpu.cfs_quota_us').trim());
    const period = Number(firstReadable(cpu, 'cpu.cfs_period_us').trim());
    return {
        memoryLimitBytes: cgroupBytes(firstReadable(memory, 'memory.limit_in_bytes')),
        memoryUsedBytes: cgroupBytes(firstReadable(memory, 'memory.usage_in_bytes')),
        memoryReclaimableBytes: memoryStatBytes(firstReadable(memory, 'memory.stat'), 'total_inactive_file'),
        cpuQuota: quota > 0 && period > 0 ? quota / period : undefined,
    };
}
/**
 * The CPUs this process may use: the affinity mask (os.availableParallelism), and no more than a cgroup CPU
 * quota allows (rounded up: a 3.5-CPU quota still runs 4 vCPU threads, just slower).
 */
function hostCpus(limits = cgroupLimits()) {
    const affinity = Math.max(1, external_node_os_default().availableParallelism());
    return limits.cpuQuota ? Math.max(1, Math.min(affinity, Math.ceil(limits.cpuQuota))) : affinity;
}
/**
 * MemTotal and MemAvailable in bytes (os.totalmem/freemem where there is no /proc/meminfo), within this
 * cgroup's memory limit: in a pod limited to 6 GiB on a 64 GiB node, the build has 6 GiB, and a guest sized
 * from the node's memory would be killed by the OOM killer. In a cgroup, available is the limit less the
 * working set: usage less inactive file cache, which the kernel reclaims before it OOM-kills (kubelet counts
 * it so): the 6 GB ISO just downloaded sits in the page cache and is not memory the guest lacks.
 */
function hostMemory(meminfoFile = '/proc/meminfo', limits = cgroupLimits()) {
    const meminfo = readText(meminfoFile);
    let totalBytes = meminfoBytes(meminfo, 'MemTotal') ?? external_node_os_default().totalmem();
    let availableBytes = meminfoBytes(meminfo, 'MemAvailable') ?? external_node_os_default().freemem();
    if (limits.memoryLimitBytes !== undefined && limits.memoryLimitBytes < totalBytes) {
        totalBytes = limits.memoryLimitBytes;
        const used = limits.memoryUsedBytes ?? 0;
        const workingSet = Math.max(0, used - Math.min(used, limits.memoryReclaimableBytes ?? 0));
        const left = limits.memoryLimitBytes - workingSet;
        availableBytes = Math.max(0, Math.min(availableBytes, left));
    }
    return { totalBytes, availableBytes };
}
/** Whether this user may create files in `dir` (write and search permission; false when it is missing). */
function canWriteIn(dir) {
    try {
        (0,external_node_fs_.accessSync)(dir, external_node_fs_.constants.W_OK | external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** Free space of the filesystem holding `dir`; undefined when it cannot be read (no such directory). */
function filesystemSpace(dir) {
    try {
        const stats = (0,external_node_fs_.statfsSync)(dir);
        return { freeBytes: stats.bavail * stats.bsize, memoryBacked: stats.type === TMPFS_MAGIC };
    }
    catch {
        return undefined;
    }
}
/**
 * The VM's size: a number given is kept; `auto` is all the host's CPUs up to AUTO_MAX_CPUS, and its memory
 * less max(2 GiB, 25 %) up to AUTO_MAX_MEMORY_MIB, raised to 4096 MiB when the host can still keep
 * admission's headroom (memoryHeadroomBytes: 1 GiB up to a 10 GiB host). Never more than MemTotal less that
 * headroom, so `auto` on an idle host is always admitted. On a GitHub-hosted runner (4 CPUs, 16 GB): 4 vCPUs
 * and about 11.7 GiB. Pure.
 */
function chooseVmSize(requested, host) {
    const hostMiB = Math.floor(host.memoryTotalBytes / host_resources_MiB);
    let cpus;
    let cpusWhy;
    if (requested.cpus === 'auto') {
        cpus = Math.max(1, Math.min(host.cpus, AUTO_MAX_CPUS));
        cpusWhy = `auto: ${cpus} of ${host.cpus} host CPUs (at most ${AUTO_MAX_CPUS})`;
    }
    else {
        cpus = requested.cpus;
        cpusWhy = `given (host has ${host.cpus})`;
    }
    let memoryMiB;
    let memoryWhy;
    if (requested.memoryMiB === 'auto') {
        const headroom = Math.max(HOST_HEADROOM_MIB, Math.ceil(hostMiB / 4));
        let share = Math.min(hostMiB - headroom, AUTO_MAX_MEMORY_MIB);
        if (share < AUTO_MIN_MEMORY_MIB) {
            const lastReserveMiB = Math.ceil(memoryHeadroomBytes(host.memoryTotalBytes) / host_resources_MiB);
            share = Math.min(AUTO_MIN_MEMORY_MIB, hostMiB - lastReserveMiB);
        }
        memoryMiB = Math.max(MEMORY_STEP_MIB, Math.floor(share / MEMORY_STEP_MIB) * MEMORY_STEP_MIB);
        memoryWhy = `auto: ${memoryMiB} of ${hostMiB} MiB host memory (the host keeps max(2 GiB, 25 %), at most ${AUTO_MAX_MEMORY_MIB} MiB)`;
    }
    else {
        memoryMiB = requested.memoryMiB;
        memoryWhy = `given (host has ${hostMiB} MiB)`;
    }
    return { cpus, memoryMiB, why: { cpus: cpusWhy, memoryMiB: memoryWhy } };
}
/** This host's size, for chooseVmSize. */
function hostSize() {
    const limits = cgroupLimits();
    return { cpus: hostCpus(limits), memoryTotalBytes: hostMemory(undefined, limits).totalBytes };
}

;// CONCATENATED MODULE: ./src/bake/admission-ledger.ts
/**
 * The host-wide ledger of admission reservations: one JSON file per running build in a shared directory,
 * read and written under one lock (proper-lockfile), so that two builds starting at once decide one after
 * the other. A record whose process is gone (same pid, same start time: tools/process-identity.ts) is
 * ignored and removed: a SIGKILLed build holds nothing. Another user's dead record cannot be removed here (the
 * sticky bit): it is ignored. Another user's stale lock cannot be taken over either: a clear error names it.
 *
 * DIR/ (1777, like /tmp: builds of several users share it): BUILD-ID.json (0644, no secrets), .lock
 */








/** Tests (and hosts that want another place) name the ledger directory here. */
const ADMISSION_DIR_ENV = 'BAKE_ADMISSION_DIR';
const DEFAULT_ADMISSION_DIR = '/var/tmp/bake-windows-image/admission';
/** `dir`, made if missing, and writable by this user. */
function writable(dir) {
    try {
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o777 });
    }
    catch {
        return false;
    }
    return canWriteIn(dir);
}
/**
 * The ledger: $BAKE_ADMISSION_DIR, else /var/tmp/bake-windows-image/admission (host-wide), else one under
 * $XDG_RUNTIME_DIR or the temp dir (this user's builds only: said in notes/admission.md).
 */
function admissionDir(env = process.env) {
    const given = env[ADMISSION_DIR_ENV];
    if (given)
        return external_node_path_default().resolve(given);
    const candidates = [
        DEFAULT_ADMISSION_DIR,
        ...(env.XDG_RUNTIME_DIR ? [external_node_path_default().join(env.XDG_RUNTIME_DIR, 'bake-windows-image-admission')] : []),
        external_node_path_default().join(external_node_os_default().tmpdir(), 'bake-windows-image-admission'),
    ];
    for (const dir of candidates) {
        if (writable(dir)) {
            // Shared by every user's builds; each removes only its own records (the sticky bit).
            if (dir === DEFAULT_ADMISSION_DIR) {
                try {
                    (0,external_node_fs_.chmodSync)(dir, 0o1777);
                }
                catch {
                    // Made by another user: it set the mode.
                }
            }
            return dir;
        }
    }
    return candidates[candidates.length - 1];
}
const isRecordName = (name) => /^[\w-]+\.json$/.test(name);
function readRecord(file) {
    try {
        const record = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        return Number.isInteger(record.pid) && typeof record.buildId === 'string' ? record : undefined;
    }
    catch {
        return undefined;
    }
}
/** The live reservations; dead processes' records are removed (where this user may). Call under the lock. */
function liveReservations(dir) {
    const live = [];
    for (const name of (0,external_node_fs_.readdirSync)(dir).filter(isRecordName)) {
        const file = external_node_path_default().join(dir, name);
        const record = readRecord(file);
        if (record && isAlive(record))
            live.push(record);
        else if (record)
            removeIfAllowed(file);
        // An unreadable record is one being renamed into place this instant, or garbage: skipped.
    }
    return live;
}
/** Removes a dead build's record; another user's, in the sticky ledger dir, stays (and stays ignored). */
function removeIfAllowed(file) {
    try {
        (0,external_node_fs_.rmSync)(file, { force: true });
    }
    catch {
        // EPERM: not ours to remove. Its process is gone, so it holds nothing.
    }
}
/** The lock is taken over after this long without a refresh (its holder died). */
const LOCK_STALE_MS = 10_000;
const lockPath = (dir) => external_node_path_default().join(dir, '.lock');
/**
 * True when the ledger's lock is stale and this user may not remove it: another user's, in a sticky dir
 * that is not ours (root may remove anything). proper-lockfile would retry its removal and fail with EPERM.
 */
function foreignStaleLock(dir) {
    const uid = process.getuid?.();
    if (uid === undefined || uid === 0)
        return false;
    try {
        const lock = (0,external_node_fs_.statSync)(lockPath(dir));
        const ledger = (0,external_node_fs_.statSync)(dir);
        const sticky = (ledger.mode & 0o1000) !== 0 && ledger.uid !== uid;
        return sticky && lock.uid !== uid && lock.mtimeMs < Date.now() - LOCK_STALE_MS;
    }
    catch {
        return false;
    }
}
function strandedLock(dir) {
    const lock = lockPath(dir);
    return new errors/* BuildError */.zS('host-busy', `The admission ledger's lock ${lock} was left behind by another user's build that died, and this user may not remove it`, {
        hint: `Remove it (sudo rmdir ${lock}): no build holds it. Or give this build a ledger of its own with ${ADMISSION_DIR_ENV} (it then does not see the other users' builds).`,
    });
}
/** Runs `fn` holding the ledger's lock (held for milliseconds: a short wait, no deadline of its own). */
async function withLedgerLock(dir, fn) {
    if (foreignStaleLock(dir))
        throw strandedLock(dir);
    let release;
    try {
        release = await proper_lockfile_default().lock(dir, {
            lockfilePath: lockPath(dir),
            realpath: false,
            stale: LOCK_STALE_MS,
            retries: { retries: 200, minTimeout: 10, maxTimeout: 100 },
            onCompromised: () => undefined,
        });
    }
    catch (error) {
        // The check above raced with the lock going stale: proper-lockfile's own removal was refused.
        const code = error.code;
        if (code === 'EPERM' || code === 'EACCES')
            throw strandedLock(dir);
        throw error;
    }
    try {
        return await fn();
    }
    finally {
        await release().catch(() => undefined);
    }
}
function recordFile(dir, buildId) {
    return external_node_path_default().join(dir, `${buildId}.json`);
}
/** Writes the build's record (whole, then renamed: a reader never sees half). Call under the lock. */
function writeReservation(dir, reservation) {
    const file = recordFile(dir, reservation.buildId);
    const partial = `${file}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    (0,external_node_fs_.writeFileSync)(partial, `${JSON.stringify(reservation)}\n`, { mode: 0o644 });
    (0,external_node_fs_.renameSync)(partial, file);
}
/** Gives the reservation back; its removal wakes the builds waiting in waitForLedgerChange. */
function releaseReservation(dir, buildId) {
    (0,external_node_fs_.rmSync)(recordFile(dir, buildId), { force: true });
}
/**
 * Resolves when something in the ledger changes (a build ended or started) or after `pollMs` (a killed
 * build removes nothing, and other programs free memory unannounced), whichever is first.
 */
function waitForLedgerChange(dir, pollMs, signal) {
    return new Promise((resolve) => {
        let watcher;
        const done = () => {
            clearTimeout(timer);
            watcher?.close();
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, pollMs);
        try {
            watcher = (0,external_node_fs_.watch)(dir, (_event, name) => {
                if (name && isRecordName(name))
                    done();
            });
            watcher.on('error', () => undefined);
        }
        catch {
            // No inotify here: the poll alone.
        }
        signal?.addEventListener('abort', done, { once: true });
    });
}

// EXTERNAL MODULE: ./src/bake/deadline.ts
var bake_deadline = __webpack_require__(78157);
;// CONCATENATED MODULE: ./src/bake/host-capacity.ts
/**
 * What other builds on this host hold so far, for admission: how much of its reserved guest memory a build's
 * QEMU has touched (QEMU allocates guest RAM lazily) and how much its work dir holds on disk. The host's own
 * memory, CPUs and free space are read by host-resources.ts.
 */



/** Resident bytes of a process (VmRSS), 0 when it is gone. */
function residentBytes(pid) {
    return meminfoBytes(readText(`/proc/${pid}/status`), 'VmRSS') ?? 0;
}
/** The pids whose parent is `pid` (field 4 of /proc/PID/stat). */
function childrenOf(pid) {
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)('/proc');
    }
    catch {
        return [];
    }
    const children = [];
    for (const entry of entries) {
        if (!/^\d+$/.test(entry))
            continue;
        const stat = readText(`/proc/${entry}/stat`);
        const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
        if (parent === String(pid))
            children.push(Number(entry));
    }
    return children;
}
/**
 * What a build's guest has taken of its memory so far: the resident memory of the build process's children
 * (its QEMU; swtpm and the rest are small), at most `reservedBytes`. 0 before QEMU starts.
 */
function touchedGuestBytes(buildPid, reservedBytes) {
    const resident = childrenOf(buildPid).reduce((sum, child) => sum + residentBytes(child), 0);
    return Math.min(reservedBytes, resident);
}
/** Bytes allocated on disk under `dir` (sparse files count what they hold); 0 when it is gone. */
function allocatedBytes(dir) {
    let total = 0;
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(dir, { recursive: true, encoding: 'utf8' });
    }
    catch {
        return 0;
    }
    for (const name of names) {
        try {
            total += (0,external_node_fs_.lstatSync)(external_node_path_default().join(dir, name)).blocks * 512;
        }
        catch {
            // Gone meanwhile.
        }
    }
    return total;
}

;// CONCATENATED MODULE: ./src/bake/steps/admission.ts
/**
 * Admission control: the build takes its share of the host (memory, vCPUs, disk) in the host-wide ledger
 * before anything big is made, or waits until the builds in its way end, or fails with the numbers.
 * Uses: --memory, --cpus, --admission, the accelerator (preflight), the work dir (empty still), the disk
 * size, the deadline (a wait has a budget as long as --build-timeout and moves the deadline later by its
 * length: the build's own time starts when it is admitted). Produces: a reservation in the ledger, given
 * back by its cleanup whatever happened (a killed build's record is ignored by liveness). A dry run only
 * checks: it reserves nothing, never waits.
 */









const admission_MiB = 1024 * 1024;
/** A re-check this often even when the ledger says nothing (killed builds, other programs' memory). */
const ADMISSION_POLL_MS = 2000;
/** What the build asks of the host: its guest, and the disk its work dir grows to (as preflight counts it). */
function admissionRequest(context) {
    const { options } = context;
    const dir = context.workDir;
    const typical = WINDOWS_TARGETS[context.os].typicalInstallMiB;
    // Preflight sized the VM (auto resolved from the host).
    const size = context.vmSize ?? chooseVmSize(options, hostSize());
    return {
        memoryMiB: size.memoryMiB,
        cpus: size.cpus,
        accel: context.accel,
        diskBytes: Math.min(options.diskSizeMiB, typical) * admission_MiB,
        device: String((0,external_node_fs_.statSync)(dir).dev),
        dir,
    };
}
/** Another build's record, with what it has not yet taken of its memory and disk. */
function otherBuild(record) {
    const memory = record.memoryMiB * admission_MiB;
    return {
        pid: record.pid,
        buildId: record.buildId,
        memoryMiB: record.memoryMiB,
        cpus: record.cpus,
        device: record.device,
        untouchedMemoryBytes: memory - touchedGuestBytes(record.pid, memory),
        remainingDiskBytes: Math.max(0, record.diskBytes - allocatedBytes(record.workDir)),
    };
}
/**
 * Before the action downloads gigabytes of media: fails at once when the guest's memory exceeds what this
 * host has at all (the totals alone; what other builds hold is the step's business, later).
 */
function checkHostCanEverFit(options, accel) {
    if (options.admission === 'off')
        return;
    const memory = hostMemory();
    const size = chooseVmSize(options, hostSize());
    const decision = decideAdmission({ memoryMiB: size.memoryMiB, cpus: size.cpus, accel, diskBytes: 0, device: '', dir: '' }, {
        memTotalBytes: memory.totalBytes,
        memAvailableBytes: memory.totalBytes,
        cpus: hostCpus(),
        freeBytes: 0,
    }, []);
    if (decision.verdict === 'never')
        throw neverFits(decision);
}
class Admission {
    title = 'Taking a share of the host';
    held;
    async run(context) {
        const { options, logger } = context;
        if (options.admission === 'off')
            return;
        const dir = admissionDir();
        const request = admissionRequest(context);
        const slow = oversubscribed(request, hostCpus());
        if (slow)
            logger.warn(slow);
        const reserve = !options.dryRun;
        // The wait has its own budget, as long as the build's; the build's clock stops while it waits.
        const waitBudgetMs = context.deadline - context.startedAt;
        let waitingSince;
        let waitUntil = Number.POSITIVE_INFINITY;
        for (;;) {
            const decision = await withLedgerLock(dir, () => {
                const others = liveReservations(dir)
                    .filter((record) => record.buildId !== context.buildId)
                    .map(otherBuild);
                const memory = hostMemory();
                const verdict = decideAdmission(request, {
                    memTotalBytes: memory.totalBytes,
                    memAvailableBytes: memory.availableBytes,
                    cpus: hostCpus(),
                    freeBytes: filesystemSpace(request.dir)?.freeBytes ?? 0,
                }, others);
                if (verdict.verdict === 'fits' && reserve) {
                    writeReservation(dir, {
                        ...currentProcess(),
                        buildId: context.buildId,
                        memoryMiB: request.memoryMiB,
                        cpus: request.cpus,
                        diskBytes: request.diskBytes,
                        device: request.device,
                        workDir: request.dir,
                        startedAt: new Date().toISOString(),
                    });
                    this.held = { dir, buildId: context.buildId };
                }
                return verdict;
            });
            if (decision.verdict === 'fits') {
                decision.warnings?.forEach((warning) => logger.warn(warning));
                let waited = '';
                if (waitingSince !== undefined) {
                    const waitedMs = Date.now() - waitingSince;
                    (0,bake_deadline/* excludeWait */.IN)(context, waitedMs);
                    waited = ` after waiting ${Math.round(waitedMs / 1000)} s (not counted in --build-timeout: ${Math.round((0,bake_deadline/* remainingMs */.XW)(context) / 1000)} s left for the build)`;
                }
                logger.info(`Admitted${waited}: ${request.memoryMiB} MiB, ${request.cpus} vCPU, ${Math.round(request.diskBytes / admission_MiB)} MiB disk (ledger ${dir})`);
                return;
            }
            if (decision.verdict === 'never')
                throw neverFits(decision);
            if (options.dryRun) {
                logger.warn(`A build now would wait: ${decision.shortfalls.join('; ')}`);
                return;
            }
            if (options.admission === 'fail')
                throw busy(decision, 'admission is fail');
            if (Date.now() >= waitUntil) {
                throw busy(decision, `it waited ${Math.round(waitBudgetMs / 1000)} s, as long as --build-timeout`);
            }
            if (waitingSince === undefined) {
                waitingSince = Date.now();
                waitUntil = waitingSince + waitBudgetMs;
                logger.info(`Waiting for room (at most ${Math.round(waitBudgetMs / 1000)} s, not counted in --build-timeout): ${decision.shortfalls.join('; ')}. Waiting for ${waitList(decision.blocking)}`);
            }
            await waitForLedgerChange(dir, Math.min(ADMISSION_POLL_MS, waitUntil - Date.now()), context.signal);
            if (context.signal.aborted) {
                throw new errors/* BuildError */.zS('cancelled', 'Stopped waiting for room on the host: the build was cancelled');
            }
        }
    }
    async cleanup() {
        if (!this.held)
            return;
        const { dir, buildId } = this.held;
        this.held = undefined;
        await withLedgerLock(dir, () => releaseReservation(dir, buildId));
    }
}
/** "2 other builds (pids 12, 34): builds a1b2…, c3d4…". */
function waitList(blocking) {
    return `${describeBuilds(blocking)}: build ${blocking.map((build) => build.buildId).join(', ')}`;
}
const HINT = 'Ask for less: --memory (MiB) and --cpus (vCPUs) of the guest, --disk-size or a --work-dir/--output on a larger filesystem';
function neverFits(decision) {
    return new errors/* BuildError */.zS('host-too-small', `This host cannot run the build: ${decision.shortfalls.join('; ')}`, {
        hint: `${HINT}; or run it on a larger host.`,
    });
}
function busy(decision, why) {
    return new errors/* BuildError */.zS('host-busy', `No room on this host now (${why}): ${decision.shortfalls.join('; ')}. In the way: ${waitList(decision.blocking)}`, {
        hint: `${HINT}; or let it wait for the other builds (--admission wait: as long as --build-timeout, not counted in it).`,
    });
}

;// CONCATENATED MODULE: ./src/bake/timeline.ts
/** Every phase, in the order a bake goes through them, with the words the logs use. */
const PHASES = {
    preflight: 'preflight',
    media: 'getting the installation media',
    'answer-medium': 'making the answer medium and the disk',
    boot: 'firmware and boot prompt',
    'setup-files': 'Windows Setup copying files (WinPE)',
    'setup-devices': 'Windows Setup after its first reboot (specialize, devices)',
    oobe: 'OOBE',
    'first-logon': 'first logon',
    ssh: 'confirming readiness over SSH',
    base: 'keeping the installed system as the base',
    updates: 'installing Windows updates',
    provisioning: 'running the provisioning scripts',
    trim: 'trimming free space',
    shutdown: 'shutting down',
    compaction: 'compacting the image',
    upload: 'uploading the image',
};
const PHASE_ORDER = Object.keys(PHASES);
const iso = (ms) => new Date(ms).toISOString();
class Timeline {
    now;
    phaseList = [];
    rebootList = [];
    stepList = [];
    events;
    listeners = new Set();
    constructor(now = Date.now) {
        this.now = now;
    }
    /** Reports every later change to `events` (the builder connects its build's events). */
    connect(events) {
        this.events = events;
    }
    /** Calls `listener` with each phase that starts; returns the function that removes it. */
    onPhase(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    get current() {
        const last = this.phaseList.at(-1);
        return last && last.endedAt === undefined ? last : undefined;
    }
    get phases() {
        return this.phaseList;
    }
    /** Ends the current phase and starts `name`; nothing when `name` is the current phase already. */
    start(name, at = this.now()) {
        if (this.current?.name === name)
            return;
        this.end(at);
        const phase = { name, title: PHASES[name], startedAt: at };
        this.phaseList.push(phase);
        this.events?.emit({ type: 'phase-start', phase: name, title: phase.title });
        for (const listener of this.listeners)
            listener(phase);
    }
    /**
     * Starts `name` only when it comes after the current phase in PHASE_ORDER (the guest's signals can arrive
     * late: a ready line seen after the build went on to trim must not take the timeline back). Whether it did.
     */
    advance(name, at = this.now()) {
        const current = this.current;
        if (current && PHASE_ORDER.indexOf(name) <= PHASE_ORDER.indexOf(current.name))
            return false;
        this.start(name, at);
        return true;
    }
    /** Ends the current phase, if any (at the end of the build, or of the action's upload). */
    end(at = this.now()) {
        const phase = this.current;
        if (!phase)
            return;
        phase.endedAt = at;
        this.events?.emit({
            type: 'phase-end',
            phase: phase.name,
            title: phase.title,
            durationMs: at - phase.startedAt,
        });
    }
    reboot(count, at = this.now()) {
        this.rebootList.push({ count, at });
        this.events?.emit({ type: 'reboot', reboots: count });
    }
    get reboots() {
        return this.rebootList.at(-1)?.count ?? 0;
    }
    /** A first-logon step started, finished or failed (as the guest reported it on COM1). */
    guestStep(name, status, error, at = this.now()) {
        if (status === 'started') {
            this.stepList.push({ name, status: 'running', startedAt: at });
        }
        else {
            const open = this.stepList.findLast((step) => step.name === name && step.status === 'running');
            const step = open ?? { name, status, startedAt: at };
            if (!open)
                this.stepList.push(step);
            step.status = status;
            step.endedAt = at;
            if (error)
                step.error = error;
        }
        this.events?.emit({ type: 'guest-step', step: name, status, ...(error ? { error } : {}) });
    }
    /** Total time spent in each phase (a phase can only run once, but the sum keeps it honest). */
    durations(at = this.now()) {
        const totals = {};
        for (const phase of this.phaseList) {
            totals[phase.name] = (totals[phase.name] ?? 0) + (phase.endedAt ?? at) - phase.startedAt;
        }
        return totals;
    }
    toJSON() {
        const at = this.now();
        return {
            phases: this.phaseList.map((phase) => ({
                name: phase.name,
                title: phase.title,
                startedAt: iso(phase.startedAt),
                ...(phase.endedAt === undefined ? {} : { endedAt: iso(phase.endedAt) }),
                durationMs: (phase.endedAt ?? at) - phase.startedAt,
            })),
            reboots: this.rebootList.map((reboot) => ({ count: reboot.count, at: iso(reboot.at) })),
            guestSteps: this.stepList.map((step) => ({
                name: step.name,
                status: step.status,
                startedAt: iso(step.startedAt),
                durationMs: (step.endedAt ?? at) - step.startedAt,
                ...(step.error ? { error: step.error } : {}),
            })),
        };
    }
}

// EXTERNAL MODULE: ./src/tools/exec.ts
var exec = __webpack_require__(12122);
;// CONCATENATED MODULE: ./src/tools/firmware.ts
/**
 * Finds the OVMF firmware for a firmware mode. QEMU's firmware descriptors (docs/interop/firmware.json,
 * installed under /usr/share/qemu/firmware by Debian, Ubuntu, Fedora and Arch) say which file is which, so
 * no distribution's file names are hard-coded; a short list of well-known paths covers hosts without them.
 */



/** Lower directories win on the same file name, as QEMU's spec says (user, then /etc, then /usr/share). */
const DESCRIPTOR_DIRS = [
    external_node_path_default().join(process.env.XDG_CONFIG_HOME ?? external_node_path_default().join(process.env.HOME ?? '/root', '.config'), 'qemu/firmware'),
    '/etc/qemu/firmware',
    '/usr/share/qemu/firmware',
];
const KNOWN_PATHS = {
    uefi: [
        { code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd' },
        { code: '/usr/share/OVMF/OVMF_CODE.fd', vars: '/usr/share/OVMF/OVMF_VARS.fd' },
        { code: '/usr/share/edk2/ovmf/OVMF_CODE.fd', vars: '/usr/share/edk2/ovmf/OVMF_VARS.fd' },
        { code: '/usr/share/edk2/x64/OVMF_CODE.4m.fd', vars: '/usr/share/edk2/x64/OVMF_VARS.4m.fd' },
    ],
    'uefi-secure': [
        { code: '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.ms.fd' },
        { code: '/usr/share/OVMF/OVMF_CODE.secboot.fd', vars: '/usr/share/OVMF/OVMF_VARS.ms.fd' },
        { code: '/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd', vars: '/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd' },
        // Not Arch's OVMF_VARS.4m.fd: it has no keys enrolled, so Secure Boot would stay in setup mode (off).
    ],
};
function readDescriptors(dirs) {
    const byName = new Map();
    for (const dir of dirs) {
        let names;
        try {
            names = (0,external_node_fs_.readdirSync)(dir);
        }
        catch {
            continue;
        }
        for (const name of names) {
            if (name.endsWith('.json') && !byName.has(name))
                byName.set(name, external_node_path_default().join(dir, name));
        }
    }
    const result = [];
    for (const name of [...byName.keys()].sort()) {
        const file = byName.get(name);
        try {
            result.push({ file, descriptor: JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8')) });
        }
        catch {
            // An unreadable or malformed descriptor is skipped, as QEMU's own tools do.
        }
    }
    return result;
}
/** Pure: whether a descriptor is a flash-based x86_64 q35 UEFI build fit for the mode. */
function descriptorFits(descriptor, mode) {
    const features = descriptor.features ?? [];
    const mapping = descriptor.mapping;
    if (!descriptor['interface-types']?.includes('uefi'))
        return false;
    if (mapping?.device !== 'flash' || !mapping.executable?.filename || !mapping['nvram-template']?.filename) {
        return false;
    }
    if (mapping.executable.format && mapping.executable.format !== 'raw')
        return false;
    const q35 = descriptor.targets?.some((t) => t.architecture === 'x86_64' && (t.machines ?? []).some((m) => m.startsWith('pc-q35')));
    if (!q35)
        return false;
    // Confidential-computing builds (SEV-ES/TDX only) do not boot an ordinary guest.
    if (features.includes('amd-sev-es') && !features.includes('acpi-s3'))
        return false;
    if (mode === 'uefi-secure')
        return features.includes('secure-boot') && features.includes('enrolled-keys');
    return !features.includes('enrolled-keys');
}
function findUefiFirmware(mode, dirs = DESCRIPTOR_DIRS) {
    const fitting = readDescriptors(dirs)
        .map(({ descriptor }) => descriptor)
        .filter((descriptor) => descriptorFits(descriptor, mode));
    // For plain uefi, a build without Secure Boot (no SMM needed) is the simplest that works: try those first.
    const secureLast = (d) => (d.features?.includes('secure-boot') ? 1 : 0);
    if (mode === 'uefi')
        fitting.sort((a, b) => secureLast(a) - secureLast(b));
    for (const descriptor of fitting) {
        const code = descriptor.mapping.executable.filename;
        const vars = descriptor.mapping['nvram-template'].filename;
        if (!(0,external_node_fs_.existsSync)(code) || !(0,external_node_fs_.existsSync)(vars))
            continue;
        const features = descriptor.features ?? [];
        return {
            code,
            varsTemplate: vars,
            secureBoot: features.includes('secure-boot'),
            requiresSmm: features.includes('requires-smm'),
        };
    }
    for (const known of KNOWN_PATHS[mode]) {
        if ((0,external_node_fs_.existsSync)(known.code) && (0,external_node_fs_.existsSync)(known.vars)) {
            const secure = mode === 'uefi-secure';
            return { code: known.code, varsTemplate: known.vars, secureBoot: secure, requiresSmm: secure };
        }
    }
    throw new errors/* BuildError */.zS('firmware-missing', `No OVMF firmware for --firmware ${mode} was found (looked at QEMU's firmware descriptors in ${dirs.join(', ')} and the usual OVMF paths)`, {
        hint: 'Install it: sudo apt-get install -y ovmf  (Fedora/RHEL: sudo dnf install -y edk2-ovmf), or use --firmware bios.',
    });
}

;// CONCATENATED MODULE: ./src/deps/host-packages.ts



/** What the build would miss on this host for the firmware mode. */
function missingPackages(firmware) {
    const needed = [exec/* PROGRAMS */.i.xorrisofs, exec/* PROGRAMS */.i.qemuImg, exec/* PROGRAMS */.i.qemuSystem];
    if (firmware === 'uefi-secure')
        needed.push(exec/* PROGRAMS */.i.swtpm);
    const programs = needed.filter((program) => !(0,exec/* findOnPath */.aY)(process.env[program.env] || program.command));
    let firmwareMissing = false;
    if (firmware !== 'bios') {
        try {
            findUefiFirmware(firmware);
        }
        catch {
            firmwareMissing = true;
        }
    }
    return { programs, firmware: firmwareMissing };
}
function packageManager() {
    if ((0,exec/* findOnPath */.aY)('apt-get'))
        return 'apt';
    if ((0,exec/* findOnPath */.aY)('dnf'))
        return 'dnf';
    return undefined;
}
/** The package names to install with a package manager. */
function packageNames(missing, manager) {
    const names = missing.programs.flatMap((program) => (manager === 'apt' ? program.apt : program.dnf).split(' '));
    if (missing.firmware)
        names.push(manager === 'apt' ? 'ovmf' : 'edk2-ovmf');
    return [...new Set(names)];
}
async function installMissingPackages(firmware, logger, signal) {
    const missing = missingPackages(firmware);
    if (missing.programs.length === 0 && !missing.firmware)
        return [];
    const manager = packageManager();
    if (!manager) {
        throw new errors/* BuildError */.zS('tool-missing', 'Host packages are missing and neither apt-get nor dnf is available', {
            hint: `Install QEMU, qemu-img, xorriso${missing.firmware ? ', OVMF' : ''} with your distribution's tools.`,
        });
    }
    const names = packageNames(missing, manager);
    const root = process.getuid?.() === 0;
    if (!root && !(0,exec/* findOnPath */.aY)('sudo')) {
        throw new errors/* BuildError */.zS('tool-missing', `Missing host packages (${names.join(' ')}) and no sudo to install them`, {
            hint: `Install them on the runner: ${manager === 'apt' ? 'apt-get install -y' : 'dnf install -y'} ${names.join(' ')}`,
        });
    }
    const prefix = root ? [] : ['sudo', '-n'];
    const command = (args) => {
        const argv = [...prefix, ...args];
        return [argv[0], argv.slice(1)];
    };
    logger.info(`Installing host packages: ${names.join(' ')}`);
    try {
        if (manager === 'apt') {
            for (const args of aptGetCommands(names))
                await (0,exec/* run */.eF)(...command(args), { signal });
        }
        else {
            await (0,exec/* run */.eF)(...command(['dnf', 'install', '-y', '-q', ...names]), { signal });
        }
    }
    catch (error) {
        const message = error.message;
        throw new errors/* BuildError */.zS('tool-missing', `Could not install ${names.join(' ')}: ${message}`, {
            hint: aptFailureHint(message, root) ??
                (root
                    ? 'Install them on the runner by hand, or check its package sources.'
                    : 'The runner user needs password-less sudo for install-deps (or install the packages once by hand and set install-deps: false).'),
            cause: error,
        });
    }
    return names;
}
/** How long apt-get waits for another apt or dpkg (fresh Ubuntu runners upgrade themselves at boot). */
const DPKG_LOCK_TIMEOUT_SECONDS = 300;
/** The apt-get command lines that install `names`, noninteractive, waiting for the dpkg lock. Pure. */
function aptGetCommands(names) {
    const aptGet = [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        '-o',
        `DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT_SECONDS}`,
    ];
    return [
        [...aptGet, 'update', '-qq'],
        [...aptGet, 'install', '-y', '-qq', '--no-install-recommends', ...names],
    ];
}
/** What to do about apt-get's two failures that are the runner's state, not its package sources. Pure. */
function aptFailureHint(message, root) {
    const sudo = root ? '' : 'sudo ';
    if (/dpkg was interrupted/i.test(message)) {
        return `apt-get found an interrupted dpkg run on the runner: repair it with '${sudo}dpkg --configure -a', then run the job again.`;
    }
    if (/Could not get lock|Unable to acquire the dpkg frontend lock|is held by process/i.test(message)) {
        return `apt-get waited ${DPKG_LOCK_TIMEOUT_SECONDS} s for the dpkg lock, which another apt or dpkg process holds (fresh runners often run unattended-upgrades after boot). Run the job again when it is done, or stop it first ('${sudo}systemctl stop unattended-upgrades').`;
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./src/tools/hash.ts
/** SHA-256 of a file, streamed (images and ISOs are gigabytes). */



async function sha256File(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), hash);
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./src/deps/media-cache-eviction.ts
/** Which cached media files go when the cache holds more than its limit. Pure. */
/**
 * The files to remove so that the rest fit in `maxBytes`: least recently used first, never one in use. When
 * the files in use alone exceed the limit, everything else goes and the cache stays over it until they are free.
 */
function chooseEvictions(files, inUse, maxBytes) {
    let total = files.reduce((sum, file) => sum + file.size, 0);
    const oldestFirst = [...files].sort((a, b) => Date.parse(a.lastUsedAt) - Date.parse(b.lastUsedAt) || a.sha256.localeCompare(b.sha256));
    const evicted = [];
    for (const file of oldestFirst) {
        if (total <= maxBytes)
            break;
        if (inUse.has(file.sha256))
            continue;
        evicted.push(file.sha256);
        total -= file.size;
    }
    return evicted;
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./src/deps/media-cache-users.ts
/**
 * Who holds what in a media cache directory, by process: a lock file for changing the index, and one file per
 * job using a cached file (users/), so that eviction by another job on the same machine never removes it. A
 * process is named by its pid and its start time (/proc/PID/stat), so a crashed job's files, or a pid reused
 * since, hold nothing: nothing has to be cleaned up for the cache to go on working.
 */






function currentHolder() {
    return { pid: process.pid, start: processStartTime(process.pid) };
}
/** `pid start`, or `pid` alone without /proc. Pure. */
function holderText({ pid, start }) {
    return start ? `${pid} ${start}` : String(pid);
}
/** Pure. */
function parseHolder(text) {
    const match = /^(\d+)(?: (\d+))?\s*$/.exec(text);
    return match ? { pid: Number(match[1]), start: match[2] } : undefined;
}
/** Is that process still running (and the same one, where its start time was recorded)? */
function isRunning({ pid, start }) {
    return isAlive({ pid, startTime: start });
}
/**
 * Runs `fn` holding DIR/lock (created exclusively; a dead holder's lock is taken over). Waits at most
 * `waitMs` for a live holder, then throws.
 */
async function withLock(dir, fn, waitMs = 30 * 60_000) {
    const lock = external_node_path_default().join(dir, 'lock');
    const me = holderText(currentHolder());
    const deadline = Date.now() + waitMs;
    for (;;) {
        try {
            await (0,promises_.writeFile)(lock, me, { flag: 'wx', mode: 0o600 });
            break;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
        const holder = parseHolder(await (0,promises_.readFile)(lock, 'utf8').catch(() => ''));
        // An unreadable or empty lock is one being written this instant, or a torn one: only age tells.
        const stale = holder
            ? !isRunning(holder)
            : await (0,promises_.stat)(lock).then((s) => Date.now() - s.mtimeMs > 60_000, () => false);
        if (stale) {
            await (0,promises_.rm)(lock, { force: true });
            continue;
        }
        if (Date.now() > deadline) {
            throw new errors/* BuildError */.zS('timeout', `The media cache ${dir} stayed locked by process ${holder?.pid}`, {
                hint: `Another job on this machine holds ${lock}; if no job is running, remove that file.`,
            });
        }
        await (0,external_node_timers_promises_.setTimeout)(200);
    }
    try {
        return await fn();
    }
    finally {
        await (0,promises_.rm)(lock, { force: true });
    }
}
/** Marks `sha256` as used by this process: users/SHA256.RANDOM holds the holder. Returns the file. */
async function addUser(dir, sha256) {
    const users = external_node_path_default().join(dir, 'users');
    await (0,promises_.mkdir)(users, { recursive: true, mode: 0o700 });
    const file = external_node_path_default().join(users, `${sha256}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
    await (0,promises_.writeFile)(file, holderText(currentHolder()), { mode: 0o600 });
    return file;
}
/** The sha256s some running process uses; the files of processes that are gone are removed. */
async function filesInUse(dir) {
    const users = external_node_path_default().join(dir, 'users');
    const inUse = new Set();
    const names = await (0,promises_.readdir)(users).catch(() => []);
    for (const name of names) {
        const file = external_node_path_default().join(users, name);
        const holder = parseHolder(await (0,promises_.readFile)(file, 'utf8').catch(() => ''));
        if (holder && isRunning(holder))
            inUse.add(name.split('.')[0]);
        else if (holder)
            await (0,promises_.rm)(file, { force: true });
    }
    return inUse;
}

;// CONCATENATED MODULE: ./src/deps/media-cache.ts
/**
 * A media cache that stays on the machine (a self-hosted runner's tool cache): files named by their sha256,
 * each verified on the way in (written to a temporary name, hashed, renamed), and an index from the cache key
 * (the Actions cache's: pinned sha256, or the URL) to the sha256. A hit is checked cheaply, size and the
 * hash memoised by size, mtime and inode, and hashed again when those changed. Eviction keeps the total under
 * a limit, least recently used first, never a file a running job uses (media-cache-users.ts).
 *
 * DIR/ (0700): index.json, lock, users/, files/SHA256 (0400), .tmp-PID-* while a file comes in.
 */







const SHA256 = /^[0-9a-f]{64}$/;
class MediaCache {
    dir;
    maxBytes;
    logger;
    now;
    users = [];
    constructor(dir, maxBytes, logger, now = () => new Date()) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.logger = logger;
        this.now = now;
    }
    /** The cached file for `key` (and `sha256`, when pinned), marked as used by this process until release(). */
    async lookup(key, sha256) {
        await this.prepare();
        return withLock(this.dir, async () => {
            const index = await this.readIndex();
            const hash = index.keys[key];
            const entry = hash === undefined ? undefined : index.files[hash];
            if (hash === undefined || !entry || (sha256 !== undefined && hash !== sha256))
                return undefined;
            const file = this.fileOf(hash);
            const problem = await this.check(file, hash, entry);
            if (problem) {
                this.logger.warn(`The local media cache's copy for ${key} is unusable (${problem}): removed, fetching it again.`);
                await this.forget(index, hash);
                await this.writeIndex(index);
                return undefined;
            }
            entry.lastUsedAt = this.now().toISOString();
            await this.writeIndex(index);
            this.users.push(await addUser(this.dir, hash));
            return { path: file, sha256: hash, size: entry.size };
        });
    }
    /**
     * Adds `source`, which must hash to `sha256`, under `key` (a hardlink where it can, else a copy), then evicts
     * down to the limit. The source stays where it is.
     */
    async add(key, source, sha256) {
        await this.prepare();
        const tmp = external_node_path_default().join(this.dir, `.tmp-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        try {
            await (0,promises_.link)(source, tmp).catch(() => (0,promises_.copyFile)(source, tmp));
            const actual = await sha256File(tmp);
            if (actual !== sha256) {
                this.logger.warn(`Not caching ${source} locally: its sha256 is ${actual}, not ${sha256}.`);
                return;
            }
            await (0,promises_.chmod)(tmp, 0o400);
            await withLock(this.dir, async () => {
                await (0,promises_.rename)(tmp, this.fileOf(sha256));
                const stamp = stampOf(await (0,promises_.stat)(this.fileOf(sha256)));
                const index = await this.readIndex();
                index.keys[key] = sha256;
                index.files[sha256] = { size: stamp.size, lastUsedAt: this.now().toISOString(), verified: stamp };
                await this.evict(index);
                await this.writeIndex(index);
            });
            this.logger.info(`Kept ${external_node_path_default().basename(source)} in the local media cache ${this.dir}`);
        }
        finally {
            await (0,promises_.rm)(tmp, { force: true });
        }
    }
    /** Ends this process's use of the files it looked up. */
    async release() {
        for (const file of this.users.splice(0))
            await (0,promises_.rm)(file, { force: true });
    }
    fileOf(sha256) {
        return external_node_path_default().join(this.dir, 'files', sha256);
    }
    async prepare() {
        await (0,promises_.mkdir)(external_node_path_default().join(this.dir, 'files'), { recursive: true, mode: 0o700 });
        // mkdir leaves an existing directory's mode alone: the cache is the runner user's alone.
        await (0,promises_.chmod)(this.dir, 0o700);
    }
    /** Why the cached file is not `sha256`, or undefined when it is. Updates the memo after a full hash. */
    async check(file, sha256, entry) {
        const stamp = await (0,promises_.stat)(file).then(stampOf, () => undefined);
        if (!stamp)
            return 'the file is missing';
        if (stamp.size !== entry.size)
            return `${(0,log/* formatBytes */.z3)(stamp.size)}, not ${(0,log/* formatBytes */.z3)(entry.size)}`;
        const memo = entry.verified;
        if (memo && memo.size === stamp.size && memo.mtimeMs === stamp.mtimeMs && memo.ino === stamp.ino)
            return;
        this.logger.info(`Checking the sha256 of the locally cached ${sha256} (it changed since it was last hashed)`);
        const actual = await sha256File(file);
        if (actual !== sha256)
            return `its sha256 is ${actual}`;
        entry.verified = stamp;
        return undefined;
    }
    /** Removes a file and every key that leads to it from the index and the disk. */
    async forget(index, sha256) {
        delete index.files[sha256];
        for (const [key, hash] of Object.entries(index.keys))
            if (hash === sha256)
                delete index.keys[key];
        await (0,promises_.rm)(this.fileOf(sha256), { force: true });
    }
    /** Under the lock: the least recently used files beyond the limit, strays and dead jobs' temporary files. */
    async evict(index) {
        const inUse = await filesInUse(this.dir);
        const records = Object.entries(index.files).map(([sha256, entry]) => ({ sha256, ...entry }));
        for (const sha256 of chooseEvictions(records, inUse, this.maxBytes)) {
            this.logger.info(`Evicting ${sha256} (${(0,log/* formatBytes */.z3)(index.files[sha256].size)}) from the local media cache: over ${(0,log/* formatBytes */.z3)(this.maxBytes)}`);
            await this.forget(index, sha256);
        }
        for (const name of await (0,promises_.readdir)(external_node_path_default().join(this.dir, 'files'))) {
            if (!(name in index.files) && !inUse.has(name))
                await (0,promises_.rm)(this.fileOf(name), { force: true });
        }
        for (const name of await (0,promises_.readdir)(this.dir)) {
            const pid = /^\.tmp-(\d+)-/.exec(name)?.[1];
            if (pid && !isRunning({ pid: Number(pid) }))
                await (0,promises_.rm)(external_node_path_default().join(this.dir, name), { force: true });
        }
    }
    async readIndex() {
        const file = external_node_path_default().join(this.dir, 'index.json');
        const text = await (0,promises_.readFile)(file, 'utf8').catch(() => undefined);
        const empty = { version: 1, keys: {}, files: {} };
        if (text === undefined)
            return empty;
        try {
            const index = JSON.parse(text);
            if (index.version !== 1 || typeof index.keys !== 'object' || typeof index.files !== 'object')
                return empty;
            for (const [key, hash] of Object.entries(index.keys)) {
                if (!SHA256.test(hash) || !index.files[hash])
                    delete index.keys[key];
            }
            return index;
        }
        catch {
            this.logger.warn(`The local media cache's index ${file} is unreadable: starting afresh.`);
            return empty;
        }
    }
    async writeIndex(index) {
        const file = external_node_path_default().join(this.dir, 'index.json');
        const tmp = `${file}.tmp-${process.pid}`;
        await (0,promises_.writeFile)(tmp, `${JSON.stringify(index, null, 2)}\n`, { mode: 0o600 });
        await (0,promises_.rename)(tmp, file);
    }
}
function stampOf(s) {
    return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
}

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 107 modules
var artifact = __webpack_require__(67458);
;// CONCATENATED MODULE: ./src/publish/upload-retry.ts
/**
 * When a failed artifact upload is worth another try, and under which name. Pure.
 *
 * What @actions/artifact 6.x already does by itself, so that this layer does not double it blindly:
 * - Twirp calls (CreateArtifact, FinalizeArtifact): 5 attempts, 3 s then ×1.5, on 429/500/502/503/504 and on
 *   unparsable answers; a 4xx is final ("Received non-retryable error"); a network error (ECONNRESET,
 *   ETIMEDOUT, …) is thrown at once, never retried.
 * - The blob PUTs: the storage SDK's 4 tries (0, 4, 12 s) on 500/503 and network errors; 429, 502 and 504 are
 *   not retried there.
 * - Nothing retries the whole upload: a stalled upload, a network error on a Twirp call, a blob that still
 *   fails after the SDK's tries, or a 429/502/504 from storage ends it. That is what this layer retries.
 *
 * A retried upload needs a fresh artifact name once CreateArtifact has succeeded: the service keeps the name
 * of an artifact that was created but never finalized for the whole run, answering 409 to a second create
 * (actions/upload-artifact's `overwrite` cannot delete it either: it is not listed).
 */
/** Pauses before the second and third attempt. */
const UPLOAD_RETRY_DELAYS_MS = [15_000, 45_000];
const NETWORK_CODES = ['ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'EPIPE'];
/** 429, 408 and 5xx are the service's trouble, and pass; any other 4xx says the request itself is refused. */
function isTransientStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
function statusOf(error, message) {
    const statusCode = error?.statusCode;
    if (typeof statusCode === 'number')
        return statusCode;
    const match = /Failed request: \((\d{3})\)/.exec(message) ?? /\b(?:status|HTTP) (\d{3})\b/i.exec(message);
    return match ? Number(match[1]) : undefined;
}
/** Whether a failed upload may succeed if tried again (network trouble, 5xx, 429, a stall). */
function isTransientUploadError(error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error?.code;
    if (/storage quota|insufficient usage|GHES|Enterprise Server/i.test(message))
        return false;
    if (typeof code === 'string' && NETWORK_CODES.includes(code))
        return true;
    if (NETWORK_CODES.some((name) => message.includes(`Unable to make request: ${name}`)))
        return true;
    if (/Upload progress stalled/i.test(message))
        return true;
    const status = statusOf(error, message);
    return status !== undefined && isTransientStatus(status);
}
/** Whether the failed attempt got as far as creating the artifact, which keeps its name taken for the run. */
function nameWasTaken(error) {
    const message = error instanceof Error ? error.message : String(error);
    return !message.startsWith('Failed to CreateArtifact');
}
/** windows-11.qcow2, attempt 2 → windows-11-attempt2.qcow2 (the extension stays: it is the download's). */
function retryArtifactName(name, attempt) {
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    return `${stem}-attempt${attempt}${extension}`;
}

;// CONCATENATED MODULE: ./src/publish/artifact.ts
/**
 * Uploads the finished image as a workflow artifact: one file, stored as-is (no zip around an image that is
 * already compressed), with @actions/artifact's `skipArchive`.
 *
 * `skipArchive` names the artifact after the file's basename and ignores the name argument, so the image is
 * first given the artifact's name: a hard link in a scratch directory next to the image. A hard link is
 * instantaneous and takes no space, where a copy of a multi-GB qcow2 would take minutes and double the disk
 * use; putting the scratch directory next to the image keeps both on the same filesystem, which hard links
 * need. Where they are impossible, a symbolic link does the same job (the client reads through it), and a
 * copy is the last resort.
 *
 * An upload that fails for a passing reason (network, 5xx, 429, a stall) is tried again, up to three times in
 * all, under a fresh name once the failed try had created the artifact (upload-retry.ts says why).
 */








const FORBIDDEN = [
    ['"', 'double quote "'],
    [':', 'colon :'],
    ['<', 'less than <'],
    ['>', 'greater than >'],
    ['|', 'vertical bar |'],
    ['*', 'asterisk *'],
    ['?', 'question mark ?'],
    ['\r', 'carriage return \\r'],
    ['\n', 'line feed \\n'],
    ['\\', 'backslash \\'],
    ['/', 'forward slash /'],
];
/** The artifact service's naming rules, checked before anything is uploaded. */
function validateArtifactName(name) {
    const fix = 'Choose an artifact name without " : < > | * ? \\ / or line breaks, e.g. windows-11-image.';
    if (!name.trim())
        throw new errors/* BuildError */.zS('invalid-option', 'The artifact name is empty', { hint: fix });
    if (name === '.' || name === '..') {
        throw new errors/* BuildError */.zS('invalid-option', `"${name}" is not a valid artifact name`, { hint: fix });
    }
    for (const [char, label] of FORBIDDEN) {
        if (name.includes(char)) {
            throw new errors/* BuildError */.zS('invalid-option', `The artifact name ${JSON.stringify(name)} contains a ${label}, which artifacts may not`, { hint: fix });
        }
    }
}
function validateRetentionDays(days) {
    if (days === undefined)
        return;
    if (!Number.isInteger(days) || days < 1 || days > 90) {
        throw new errors/* BuildError */.zS('invalid-option', `Retention must be a whole number of days from 1 to 90, got ${days}`, {
            hint: 'Set retention-days between 1 and 90, or leave it out to use the repository setting.',
        });
    }
}
/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}` */
function artifactUrl(id, env = process.env) {
    const { GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
    if (!repository || !runId)
        return undefined;
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}
/** Gives the image the artifact's name without copying it, if at all possible (see the module comment). */
async function stage(image, name, logger) {
    if (external_node_path_default().basename(image) === name)
        return { file: image, cleanup: async () => { } };
    const attempts = [
        ['hard link', (target) => (0,promises_.link)(image, target)],
        ['symbolic link', (target) => (0,promises_.symlink)(external_node_path_default().resolve(image), target)],
        ['copy', (target) => (0,promises_.copyFile)(image, target, external_node_fs_.constants.COPYFILE_FICLONE)],
    ];
    const problems = [];
    for (const base of [external_node_path_default().dirname(image), external_node_os_default().tmpdir()]) {
        let dir;
        try {
            dir = await (0,promises_.mkdtemp)(external_node_path_default().join(base, '.bake-artifact-'));
        }
        catch (error) {
            problems.push(`cannot create a directory in ${base}: ${String(error)}`);
            continue;
        }
        const target = external_node_path_default().join(dir, name);
        for (const [how, make] of attempts) {
            try {
                await make(target);
                logger.debug(`Staged ${image} as ${target} (${how})`);
                return { file: target, cleanup: () => (0,promises_.rm)(dir, { recursive: true, force: true }) };
            }
            catch (error) {
                problems.push(`${how} in ${base}: ${String(error)}`);
            }
        }
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
    throw new errors/* BuildError */.zS('output-unwritable', `Could not give ${image} the artifact name "${name}"`, {
        hint: `Make the image's directory writable, or name the image ${name}. Tried: ${problems.join('; ')}`,
    });
}
function failureHint(message, name, transient) {
    if (/\b409\b|already exists/i.test(message)) {
        return `An artifact named "${name}" already exists in this workflow run: choose another artifact name (add the matrix values, for example), or delete the old artifact.`;
    }
    if (/GHES|Enterprise Server/i.test(message)) {
        return 'GitHub Enterprise Server does not support this artifact service; upload the image with actions/upload-artifact@v3 in a later step.';
    }
    if (/stalled/i.test(message)) {
        return 'The upload made no progress within ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS (default 5 min): re-run the job.';
    }
    if (!transient)
        return 'The artifact service refused the upload, and trying again would not change that.';
    return 'Artifact storage may be having trouble (see https://www.githubstatus.com): re-run the job, or keep the image some other way.';
}
/**
 * Uploading needs the job's runtime token and the results service's URL; checked before a build starts, so
 * that a bake outside Actions (or in a container that lost them) fails in seconds, not after an hour.
 */
function checkUploadEnvironment(name, env = process.env) {
    const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((variable) => !env[variable]);
    if (missing.length === 0)
        return;
    throw new errors/* BuildError */.zS('upload-failed', `Cannot upload the artifact "${name}": ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, so this is not a GitHub Actions job step`, {
        hint: "Run the action as a step of a GitHub Actions job (the runner sets both for JavaScript actions), or set artifact-name: '' to skip the upload and keep the image at image-path.",
    });
}
async function uploadImageArtifact(options) {
    const { file, artifactName: name, retentionDays, logger } = options;
    const delays = options.retryDelaysMs ?? UPLOAD_RETRY_DELAYS_MS;
    validateArtifactName(name);
    validateRetentionDays(retentionDays);
    let size;
    try {
        const info = await (0,promises_.stat)(file);
        if (!info.isFile())
            throw new Error('not a regular file');
        size = info.size;
    }
    catch (error) {
        throw new errors/* BuildError */.zS('input-missing', `Cannot upload ${file}: ${error.message}`, {
            hint: 'Upload the image the build produced (its path is in the build result).',
        });
    }
    try {
        checkUploadEnvironment(name);
    }
    catch (error) {
        const { message, hint } = error;
        throw new errors/* BuildError */.zS('upload-failed', `${message}. The image is still at ${file}`, { hint });
    }
    const started = Date.now();
    let attemptName = name;
    for (let attempt = 1;; attempt++) {
        try {
            return await uploadOnce(file, attemptName, size, retentionDays, logger);
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            const transient = isTransientUploadError(error);
            if (!transient || attempt > delays.length) {
                const tries = attempt > 1 ? ` (${attempt} attempts)` : '';
                throw new errors/* BuildError */.zS('upload-failed', `Uploading the artifact "${attemptName}" failed after ${(0,log/* formatDuration */.a3)(Date.now() - started)}${tries}: ${message}. The image is still at ${file}`, { hint: failureHint(message, attemptName, transient), cause: error });
            }
            // A created artifact keeps its name for the whole run, finalized or not (see upload-retry.ts).
            if (nameWasTaken(error))
                attemptName = retryArtifactName(name, attempt + 1);
            const delay = delays[attempt - 1];
            logger.warn(`Uploading the artifact failed (attempt ${attempt} of ${delays.length + 1}): ${message}. ` +
                `Trying again in ${(0,log/* formatDuration */.a3)(delay)} as "${attemptName}".`);
            await new Promise((resolve) => setTimeout(resolve, delay));
        }
    }
}
/** One upload: create, stream the staged file, finalize. */
async function uploadOnce(file, name, size, retentionDays, logger) {
    const staged = await stage(file, name, logger);
    const started = Date.now();
    logger.info(`Uploading ${file} (${(0,log/* formatBytes */.z3)(size)}) as artifact "${name}", unzipped` +
        (retentionDays ? `, kept ${retentionDays} days` : ''));
    try {
        const result = await new artifact/* DefaultArtifactClient */.t9().uploadArtifact(name, [staged.file], external_node_path_default().dirname(staged.file), { skipArchive: true, compressionLevel: 0, retentionDays });
        if (result.id === undefined || !result.digest) {
            throw new Error('the artifact service returned no artifact id or digest');
        }
        const uploaded = {
            id: result.id,
            name,
            size: result.size ?? size,
            digest: result.digest,
            url: artifactUrl(result.id),
        };
        logger.info(`Uploaded artifact "${name}" (id ${uploaded.id}, ${(0,log/* formatBytes */.z3)(uploaded.size)}, sha256 ${uploaded.digest}) ` +
            `in ${(0,log/* formatDuration */.a3)(Date.now() - started)}${uploaded.url ? `: ${uploaded.url}` : ''}`);
        return uploaded;
    }
    finally {
        await staged.cleanup();
    }
}

;// CONCATENATED MODULE: ./src/registry/reference.ts
/**
 * Image references and tags as the distribution spec writes them: `host[:port]/repo[:tag]`, tags matching
 * `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`, and the default tags a bake gets (`<edition-slug>-<yyyymmdd>` and a
 * moving one). Pure. Docker Hub's short names (`ubuntu`, `library/ubuntu`) are not expanded: the host is named.
 */

const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|\[[0-9a-fA-F:]+\]|[a-zA-Z0-9-]+)(?::[0-9]{1,5})?$/;
const EXAMPLE = 'ghcr.io/OWNER/windows:TAG, or localhost:5000/windows for a local registry';
function badRef(text, why, hint) {
    return new errors/* BuildError */.zS('invalid-option', `Image reference "${text}": ${why}`, {
        hint: hint ?? `Write REGISTRY/REPOSITORY[:TAG], e.g. ${EXAMPLE}.`,
    });
}
/** `ghcr.io/owner/windows:tag` → its parts; throws a usage error naming what is wrong. */
function parseReference(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        throw badRef(text, 'it is empty');
    if (/^[a-z]+:\/\//i.test(trimmed))
        throw badRef(text, 'it is a URL', `Drop the scheme: ${EXAMPLE} (--insecure chooses plain http).`);
    if (trimmed.includes('@'))
        throw badRef(text, 'a digest names content, it cannot be pushed to', 'Give a tag (:TAG) or none.');
    const slash = trimmed.indexOf('/');
    const host = slash < 0 ? '' : trimmed.slice(0, slash);
    // As docker does: the first part is a registry when it has a dot or a port, or is localhost.
    if (slash < 0 || !(host.includes('.') || host.includes(':') || host === 'localhost')) {
        throw badRef(text, 'it names no registry host', `Docker Hub short names are not expanded: write the host, e.g. ${EXAMPLE} (Docker Hub: docker.io/USER/REPO).`);
    }
    if (!HOST.test(host))
        throw badRef(text, `"${host}" is not a host name or host:port`);
    let rest = trimmed.slice(slash + 1);
    let tag;
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        checkTag(tag);
    }
    const components = rest.split('/');
    if (rest === '' || !components.every((part) => COMPONENT.test(part))) {
        throw badRef(text, `"${rest}" is not a repository name`, 'A repository is lower-case letters, digits and single separators (. _ __ -), in parts joined by /.');
    }
    if (rest.length > 255)
        throw badRef(text, 'the repository name is longer than 255 characters');
    return {
        registry: host === 'docker.io' ? 'registry-1.docker.io' : host,
        repository: rest,
        ...(tag ? { tag } : {}),
    };
}
/** Throws a usage error when `tag` is not a valid tag. */
function checkTag(tag) {
    if (!TAG.test(tag)) {
        throw new errors/* BuildError */.zS('invalid-option', `"${tag}" is not a valid tag`, {
            hint: 'A tag is 1 to 128 letters, digits, _ . and -, and does not begin with . or -.',
        });
    }
    return tag;
}
/** "Windows 11 Pro" → "windows-11-pro": lower case, [a-z0-9._-], runs of anything else made one hyphen. */
function editionSlug(edition) {
    const slug = edition
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '');
    return slug === '' ? 'windows' : slug.slice(0, 100).replace(/[-.]+$/, '');
}
/** 2025-01-31 (UTC) → "20250131". */
function dateStamp(date) {
    return date.toISOString().slice(0, 10).replace(/-/g, '');
}
/**
 * The tags to push: the ones given (the reference's and --tag's), or by default `<edition-slug>-<yyyymmdd>`
 * and the moving tag (latest, or nightly). Each is checked; duplicates go.
 */
function chooseTags(given, { edition, date, moving = 'latest' }) {
    const tags = given.length > 0 ? [...given] : [`${editionSlug(edition ?? 'windows')}-${dateStamp(date)}`, moving];
    return [...new Set(tags.map(checkTag))];
}
/** `host/repo:tag` for messages and outputs. */
function formatReference(ref, tagOrDigest) {
    const base = `${ref.registry}/${ref.repository}`;
    if (!tagOrDigest)
        return base;
    return tagOrDigest.includes(':') ? `${base}@${tagOrDigest}` : `${base}:${tagOrDigest}`;
}

;// CONCATENATED MODULE: ./src/action/artifact-name.ts
/**
 * The artifact's automatic name (`artifact-name: auto`) and the matrix leg in it (`job-index`): what tells
 * the legs of a matrix apart.
 */



/**
 * Windows 11 Pro, w11, uefi-secure, leg 2, 2026-11-29 → windows-11-pro-w11-uefi-secure-job2-20261129.qcow2;
 * with the leg labelled w11-pro instead: windows-11-pro-w11-uefi-secure-w11-pro-20261129.qcow2. Pure.
 */
function autoArtifactName({ edition, os, firmware, jobIndex, date }) {
    const leg = typeof jobIndex === 'number' ? `job${jobIndex}` : jobIndex === undefined ? undefined : slug(jobIndex);
    const parts = [slug(edition) || 'windows', os, firmware, leg, dateStamp(date)];
    return `${parts.filter(Boolean).join('-')}.qcow2`;
}
function slug(text) {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
}
/**
 * job-index: empty outside a matrix (action.yml's default gives the index only when there are 2+ legs); a
 * whole number, or a label such as w11-pro that reads better than job<n> (the reusable workflow's leg names).
 * A label is slugged as the auto name would slug it ("W11 Pro" → w11-pro), at most 40 characters: a leg's
 * free-form name is never a reason to fail the build.
 */
function jobIndexInput() {
    const text = core/* getInput */.V4('job-index').trim();
    if (text === '')
        return undefined;
    if (/^\d+$/.test(text))
        return Number(text);
    const label = legLabel(text);
    if (!label) {
        throw new errors/* BuildError */.zS('invalid-option', `Input job-index: "${text}" has no letter or digit to name the leg`, {
            hint: "Leave job-index to its default (the matrix leg's strategy.job-index), or give a number or a label with letters or digits (w11-pro).",
        });
    }
    return label;
}
/** A leg's name as a label for file names: lower-case, runs of anything else than a-z0-9 → '-'. Pure. */
function legLabel(text) {
    return slug(text).slice(0, 40).replace(/-$/, '');
}

;// CONCATENATED MODULE: ./src/tools/vnc.ts
/**
 * --vnc: where QEMU's VNC server listens, for watching a local bake live. Loopback or a unix socket only: QEMU's
 * VNC server has no password here, and whoever reaches it can type into Setup.
 */
/** QEMU numbers VNC displays from this port: display N listens on 5900 + N. */
const VNC_BASE_PORT = 5900;
/** Why a value is not a --vnc address, or the address. Pure. */
function parseVncAddress(text) {
    const value = text.trim();
    if (value.startsWith('unix:')) {
        const socket = value.slice('unix:'.length);
        return socket ? { type: 'unix', path: socket } : { error: 'unix: needs a socket path' };
    }
    const match = /^(?:(\[::1\]|[^:]+|)(?::))?(\d+)$/.exec(value);
    if (!match)
        return { error: `"${text}" is not HOST:PORT or unix:PATH` };
    const host = match[1] ?? '127.0.0.1';
    const port = Number(match[2]);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
        return {
            error: `${host || 'every interface'} is not loopback: VNC here has no password, so it listens on 127.0.0.1 or ::1 only`,
        };
    }
    if (port < VNC_BASE_PORT || port > 65535)
        return { error: `port ${port} is not between ${VNC_BASE_PORT} and 65535` };
    return { type: 'tcp', host: host === '[::1]' ? '::1' : '127.0.0.1', port };
}
/** How people name the address: "127.0.0.1:5901", "[::1]:5901", "unix:/path". */
function vncDisplayName(vnc) {
    if (vnc.type === 'unix')
        return `unix:${vnc.path}`;
    return `${vnc.host === '::1' ? '[::1]' : vnc.host}:${vnc.port}`;
}
/** QEMU's -vnc value: a display number, not a port, for TCP. */
function vncArgument(vnc) {
    if (vnc.type === 'unix')
        return `unix:${vnc.path.replace(/,/g, ',,')}`;
    return `${vnc.host === '::1' ? '[::1]' : vnc.host}:${vnc.port - VNC_BASE_PORT}`;
}

;// CONCATENATED MODULE: ./src/tools/qemu.ts
/**
 * The QEMU command line, as a pure function of a VM spec: easy to read, test, and print with --dry-run.
 * Facts it respects are in notes/windows-setup.md; the comments name them.
 */


const QEMU_SYSTEM = 'qemu-system-x86_64';
/** qemu-img's default qcow2 cluster size, which the disks here keep. */
const QCOW2_CLUSTER_BYTES = 65536;
/**
 * Hyper-V enlightenments that make Windows fast and stable under KVM (timer, APIC and spinlock
 * paravirtualisation); Windows ignores them when absent, but runs its install much slower.
 */
const HYPERV_FLAGS = [
    'hv_relaxed',
    'hv_vapic',
    'hv_spinlocks=0x1fff',
    'hv_vpindex',
    'hv_runtime',
    'hv_time',
    'hv_synic',
    'hv_stimer',
    'hv_frequencies',
    'hv_reset',
    'hv_tlbflush',
    'hv_ipi',
];
/** A value inside a QEMU -option list: commas are doubled, or QEMU would split the path there. */
function q(value) {
    return value.replace(/,/g, ',,');
}
function qemuArgs(spec) {
    const uefi = spec.firmware.type === 'uefi' ? spec.firmware : undefined;
    const smm = uefi?.requiresSmm ?? false;
    const args = [
        '-name',
        `${spec.name},process=${spec.name}`,
        '-nodefaults',
        '-no-user-config',
        // Windows 11 wants q35 (PCIe, AHCI); Secure Boot firmware needs SMM.
        '-machine',
        `q35,smm=${smm ? 'on' : 'off'}`,
        '-accel',
        spec.accel,
        // Windows 11 24H2 needs SSE4.2/POPCNT: the host CPU under KVM, everything TCG can emulate otherwise.
        '-cpu',
        spec.accel === 'kvm' ? `host,${HYPERV_FLAGS.join(',')}` : 'max',
        '-smp',
        String(spec.cpus),
        '-m',
        String(spec.memoryMiB),
        // Windows keeps the hardware clock in local time.
        '-rtc',
        'base=localtime',
    ];
    // No -no-reboot: Setup reboots two to four times and must come back each time (notes/windows-setup.md).
    if (uefi) {
        if (smm)
            args.push('-global', 'driver=cfi.pflash01,property=secure,value=on');
        args.push('-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${q(uefi.code)}`, '-drive', `if=pflash,format=raw,unit=1,file=${q(uefi.vars)}`);
    }
    if (spec.tpmSocket) {
        args.push('-chardev', `socket,id=chrtpm,path=${q(spec.tpmSocket)}`, '-tpmdev', 'emulator,id=tpm0,chardev=chrtpm', '-device', 'tpm-crb,tpmdev=tpm0');
    }
    // CD-ROMs on q35's built-in AHCI controller (ide.0 … ide.5): virtio-scsi CD-ROMs misbehave in recent
    // Windows builds. Only the installer gets a boot index, ahead of the disk: the firmware tries it first on
    // every boot, and its "Press any key" prompt falls through to the disk once the key is not pressed.
    spec.cdroms.forEach((file, index) => {
        args.push('-drive', `if=none,id=cd${index},media=cdrom,readonly=on,file=${q(file)}`, '-device', `ide-cd,drive=cd${index},bus=ide.${index}${index === 0 ? ',bootindex=0' : ''}`);
    });
    // The system disk on virtio-scsi (vioscsi): SCSI UNMAP passes the guest's TRIM through, so Windows'
    // ReTrim frees host space before compaction; it is also the controller Proxmox and others recommend.
    args.push('-device', 'virtio-scsi-pci,id=scsi0', '-drive', `if=none,id=disk0,format=qcow2,file=${q(spec.disk.path)},cache=${spec.disk.unsafeCache ? 'unsafe' : 'writeback'},discard=unmap,detect-zeroes=unmap`, 
    // discard_granularity = the qcow2 cluster: current Windows 11 with vioscsi fails TRIM ("Incorrect
    // function") without it (virtio-win/kvm-guest-drivers-windows#1574).
    '-device', `scsi-hd,drive=disk0,bus=scsi0.0,bootindex=1,discard_granularity=${QCOW2_CLUSTER_BYTES}`, 
    // User-mode networking, SSH forwarded to loopback only, on a port chosen per build.
    '-netdev', `user,id=net0,hostfwd=tcp:127.0.0.1:${spec.sshHostPort}-:22`, '-device', 'virtio-net-pci,netdev=net0', '-device', 'virtio-rng-pci', 
    // No window, but a VGA device so screendumps of Setup's screen still work.
    '-display', 'none', '-device', 'VGA', ...(spec.vnc ? ['-vnc', vncArgument(spec.vnc)] : []), '-chardev', `file,id=serial0,path=${q(spec.serialLog)}`, '-serial', 'chardev:serial0', '-chardev', `socket,id=qmp0,path=${q(spec.qmpSocket)},server=on,wait=off`, '-mon', 'chardev=qmp0,mode=control');
    if (spec.pidFile)
        args.push('-pidfile', spec.pidFile);
    return args;
}
/** Quotes an argv for humans (dry-run output, error hints); never executed by a shell. */
function formatCommand(argv) {
    return argv
        .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
        .join(' ');
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
// EXTERNAL MODULE: ./node_modules/ssh2/lib/index.js
var lib = __webpack_require__(85472);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
;// CONCATENATED MODULE: ./src/guest/clixml.ts
/**
 * Windows PowerShell started with -EncodedCommand and no terminal (an SSH exec request) writes its error
 * stream as CLIXML: `#< CLIXML` and then `<Objs …><S S="Error">message_x000D__x000A_</S>…</Objs>`
 * (PowerShell/PowerShell#16678). This turns that back into the text a console would show; any other text
 * is returned unchanged.
 */
const CLIXML_HEADER = '#< CLIXML';
function plainStderr(text) {
    const start = text.indexOf(CLIXML_HEADER);
    if (start < 0)
        return text;
    const before = text.slice(0, start);
    const errors = [...text.slice(start).matchAll(/<S S="Error">([\s\S]*?)<\/S>/g)].map((match) => decodeText(match[1]));
    return before + errors.join('');
}
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decodeText(encoded) {
    return (encoded
        // Characters XML cannot carry are written as _xHHHH_ (a literal underscore as _x005F_).
        .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
        .replace(/&(lt|gt|amp|quot|apos);/g, (_, name) => ENTITIES[name])
        .replace(/&#(x[0-9A-Fa-f]+|\d+);/g, (_, code) => String.fromCodePoint(code.startsWith('x') ? parseInt(code.slice(1), 16) : Number(code)))
        // PowerShell 7 colours its errors.
        // eslint-disable-next-line no-control-regex
        .replace(/\x1b\[[0-9;]*m/g, ''));
}
/**
 * One line of a command's stderr as it streams: the `#< CLIXML` header is dropped, a line of CLIXML becomes
 * the error lines it carries (progress records are dropped), any other line stays as it is.
 */
function plainStderrLines(line) {
    if (line.trim() === CLIXML_HEADER)
        return [];
    if (!line.trimStart().startsWith('<Objs'))
        return [line];
    return plainStderr(`${CLIXML_HEADER}\n${line}`)
        .split(/\r?\n/)
        .filter((text) => text.trim() !== '');
}

;// CONCATENATED MODULE: ./src/guest/ssh.ts
/**
 * The guest over SSH (ssh2): log in with the answer file's account and run commands. Windows' sshd runs
 * exec requests through cmd.exe; PowerShell goes through -EncodedCommand so no quoting can break it.
 */




const { Client } = (lib_default());
/** Why an SSH attempt failed: `auth` is final, the others mean "not up yet" or "went away". */
class SshError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
        this.name = 'SshError';
    }
}
/** `powershell … -EncodedCommand <base64 of UTF-16LE>`: the script reaches PowerShell byte for byte. */
function powershellCommand(script) {
    return `powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${Buffer.from(script, 'utf16le').toString('base64')}`;
}
/**
 * Connects, logs in, calls `onReady` with the client and disconnects when it settles. A TCP connection
 * accepted by QEMU's port forward means nothing (it is dropped when the guest does not listen): success
 * needs the banner and a login. Failures are SshErrors: `auth`, `unreachable` before the login, `dropped`
 * after it; `timeoutMs` bounds the whole session. The one place that connects, for commands and SFTP.
 */
function withSshClient(target, timeoutMs, onReady) {
    return new Promise((resolve, reject) => {
        const client = new Client();
        let settled = false;
        let loggedIn = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            client.end();
            client.destroy();
            outcome();
        };
        const settle = (outcome) => finish(() => {
            try {
                Promise.resolve(outcome()).then(resolve, reject);
            }
            catch (error) {
                reject(error);
            }
        });
        const timer = setTimeout(() => finish(() => reject(new SshError('unreachable', `no answer within ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
        client.on('error', (error) => {
            if (error.level === 'client-authentication') {
                finish(() => reject(new SshError('auth', `the guest refused the password for "${target.username}"`)));
            }
            else {
                finish(() => reject(new SshError(loggedIn ? 'dropped' : 'unreachable', error.message)));
            }
        });
        client.on('close', () => finish(() => reject(new SshError(loggedIn ? 'dropped' : 'unreachable', 'connection closed'))));
        client.on('ready', () => {
            loggedIn = true;
            onReady(client, settle);
        });
        client.connect({
            host: target.host,
            port: target.port,
            username: target.username,
            password: target.password,
            ...(target.privateKey !== undefined ? { privateKey: target.privateKey } : {}),
            readyTimeout: timeoutMs,
            // Keyboard-interactive too: some sshd configurations ask for the password that way.
            tryKeyboard: true,
            // The guest's host key is new on every build: there is nothing to verify it against.
            hostVerifier: () => true,
        });
        client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, answer) => {
            answer(prompts.map(() => target.password));
        });
    });
}
/**
 * Splits a byte stream into lines as they arrive: CRLF or LF ends a line, a multi-byte character split
 * between chunks is kept whole, and `end()` delivers a last line that has no line end.
 */
function lineSplitter(onLine) {
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let pending = '';
    const emit = (text) => {
        pending += text;
        let at;
        while ((at = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, at);
            pending = pending.slice(at + 1);
            onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        }
    };
    return {
        push: (chunk) => emit(decoder.write(chunk)),
        end: () => {
            emit(decoder.end());
            if (pending !== '')
                onLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
            pending = '';
        },
    };
}
/**
 * Connects, logs in, runs one command and disconnects. The fourth argument is the command's standard
 * input (a string, as before) or CommandOptions, whose line callbacks follow the output while it runs.
 */
function runCommand(target, command, timeoutMs, stdinOrOptions) {
    const options = typeof stdinOrOptions === 'string' ? { stdin: stdinOrOptions } : (stdinOrOptions ?? {});
    return withSshClient(target, timeoutMs, (client, settle) => {
        client.exec(command, (error, channel) => {
            if (error) {
                settle(() => {
                    throw new SshError('dropped', error.message);
                });
                return;
            }
            const stdout = [];
            const stderr = [];
            const outLines = options.onStdoutLine ? lineSplitter(options.onStdoutLine) : undefined;
            const errLines = options.onStderrLine ? lineSplitter(options.onStderrLine) : undefined;
            let code = null;
            channel.on('data', (chunk) => {
                stdout.push(chunk);
                outLines?.push(chunk);
            });
            channel.stderr.on('data', (chunk) => {
                stderr.push(chunk);
                errLines?.push(chunk);
            });
            channel.on('exit', (exitCode) => (code = exitCode ?? null));
            channel.on('close', () => {
                outLines?.end();
                errLines?.end();
                settle(() => ({
                    code,
                    stdout: Buffer.concat(stdout).toString(),
                    stderr: plainStderr(Buffer.concat(stderr).toString()),
                }));
            });
            if (options.stdin !== undefined)
                channel.end(options.stdin);
        });
    });
}
/** What a command said, for an error message: its first stderr line, else its first stdout line. */
function firstWords(result) {
    return (result.stderr.trim() || result.stdout.trim() || '(no output)').split(/\r?\n/)[0];
}
/** A password the guest refused: final, whatever step asked. */
function sshAuthError(error) {
    return new errors/* BuildError */.zS('ssh-auth', `SSH login failed: ${error.message}`, {
        hint: 'The guest does not accept the account from the answer file: check --username/--password (and that Setup applied them).',
    });
}

;// CONCATENATED MODULE: ./src/unattend/guest-contract.ts
/**
 * What the first-logon script and the host agree on: the lines it writes to COM1 (the host follows the serial
 * log), the marker it leaves, and where its log is. The stand-in guest (test/standin) speaks the same lines.
 */
/** Written by the first-logon script as its second-to-last statement; the host checks it over SSH. */
const READY_MARKER_PATH = 'C:\\smolvm-ready.txt';
const READY_MARKER_TEXT = 'ready';
/** The line the first-logon script writes to COM1 as its very last action. */
const READY_SIGNAL = 'bake-windows-image: guest ready';
/**
 * Progress lines the first-logon script writes to COM1 start with this prefix (e.g.
 * "bake-windows-image: first-logon: step 'start sshd' FAILED: …"). None equals READY_SIGNAL.
 */
const GUEST_PROGRESS_PREFIX = 'bake-windows-image: first-logon: ';
/**
 * A step that failed: the script writes `<prefix><step>: <error>` and stops, so the host fails the build at
 * once instead of waiting for a ready line that never comes.
 */
const GUEST_FAILURE_PREFIX = 'bake-windows-image: guest failed: ';
/** The first-logon script's log inside the guest (fetch it over SSH when something went wrong). */
const FIRST_LOGON_LOG_PATH = 'C:\\Windows\\Temp\\bake-windows-image-first-logon.log';
/**
 * The Windows Update policy key and value: NoAutoUpdate=1 turns automatic updating off. The answer file sets
 * it in specialize, before the first logon, so that nothing downloads or installs during the bake and no
 * shutdown meets "Working on updates" (rgl/windows-vagrant and dockur/windows set it too); with
 * automaticUpdates the host removes it again just before the final shutdown.
 */
const WINDOWS_UPDATE_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU';
const NO_AUTO_UPDATE_VALUE = 'NoAutoUpdate';
/** `bake-windows-image: guest failed: start sshd: Service … cannot be started` → its step and error. */
function parseGuestFailure(line) {
    const at = line.indexOf(GUEST_FAILURE_PREFIX);
    if (at < 0)
        return undefined;
    const rest = line.slice(at + GUEST_FAILURE_PREFIX.length);
    // Step names never contain ': ' (they are the script's own); the error may.
    const colon = rest.indexOf(': ');
    return colon < 0
        ? { step: rest.trim(), error: '' }
        : { step: rest.slice(0, colon).trim(), error: rest.slice(colon + 2).trim() };
}

;// CONCATENATED MODULE: ./src/guest/scripts.ts
/**
 * Every command the host runs in the guest over SSH. Windows' sshd runs them through cmd.exe; PowerShell
 * goes through `powershellCommand` (-EncodedCommand), so no quoting between here and PowerShell can break.
 * Each PowerShell text here is parsed by a real PowerShell grammar in the tests.
 */


/**
 * For text inside a single-quoted PowerShell string: every quote is doubled. PowerShell also takes the
 * typographic quotes U+2018–U+201B for single quotes, so those are doubled too.
 */
function psSingleQuotedEscape(value) {
    return String(value).replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c);
}
/** A single-quoted PowerShell string literal of `value`. */
function psLiteral(value) {
    return `'${psSingleQuotedEscape(value)}'`;
}
/** `Test-Path` of a file: prints True or False. */
function testPathScript(file) {
    return `Test-Path -LiteralPath ${psLiteral(file)}`;
}
/** The whole content of a text file (a log); fails when it does not exist. */
function readFileScript(file) {
    return `Get-Content -LiteralPath ${psLiteral(file)}`;
}
/** The last `lines` lines of a text file (a log that may be long); fails when it does not exist. */
function readFileTailScript(file, lines = 400) {
    return `Get-Content -LiteralPath ${psLiteral(file)} -Tail ${Math.max(1, Math.floor(lines))}`;
}
/**
 * Windows Setup's own logs, for a failure bundle: Setup's actions and errors (windowsPE, specialize) and those
 * of the oobeSystem pass (UnattendGC). Setup masks passwords in them.
 */
const WINDOWS_SETUP_LOGS = [
    { path: 'C:\\Windows\\Panther\\setupact.log', name: 'setupact.log' },
    { path: 'C:\\Windows\\Panther\\setuperr.log', name: 'setuperr.log' },
    { path: 'C:\\Windows\\Panther\\UnattendGC\\setupact.log', name: 'UnattendGC-setupact.log' },
];
/** TRIM of C:'s free space: the storage stack passes it to QEMU, which punches holes in the qcow2. */
const RETRIM_SCRIPT = 'Optimize-Volume -DriveLetter C -ReTrim -Verbose';
/** The same TRIM through defrag.exe (a cmd.exe command line), where Optimize-Volume itself fails. */
const DEFRAG_RETRIM_COMMAND = 'defrag C: /L';
/** The first line of ZERO_FILL_SCRIPT; the stand-in guest recognises the script by it. */
const ZERO_FILL_HEADER = '# bake-windows-image: zero-fill the free space of C:';
/**
 * Last resort when TRIM does not reach the disk: fill C:'s free space with zeros. QEMU's detect-zeroes=unmap
 * turns zero writes into holes, so compaction drops them all the same. The writes go through Windows' cache
 * (WriteThrough), or the zeros of a file deleted at once might never reach the disk; the file is deleted
 * when its handle closes (DeleteOnClose), also when the process is killed, so C: is never left full. A
 * little space stays free so that Windows is never starved meanwhile.
 */
const ZERO_FILL_SCRIPT = `${ZERO_FILL_HEADER}
$ErrorActionPreference = 'Stop'
$path = 'C:\\bake-windows-image-zero-fill.tmp'
$reserve = 256MB
$chunk = New-Object byte[] (4MB)
$free = (Get-Volume -DriveLetter C).SizeRemaining
$written = [long]0
$options = [System.IO.FileOptions]::WriteThrough -bor [System.IO.FileOptions]::DeleteOnClose
$stream = New-Object System.IO.FileStream($path, [System.IO.FileMode]::Create, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None, $chunk.Length, $options)
try {
    while ($written + $chunk.Length -le $free - $reserve) {
        try {
            $stream.Write($chunk, 0, $chunk.Length)
        } catch {
            break # the volume is full sooner than SizeRemaining said (metadata, other writers)
        }
        $written += $chunk.Length
    }
    $stream.Flush($true)
} finally {
    $stream.Dispose()
}
Write-Output ('zero-filled {0} MiB of free space on C:' -f [math]::Floor($written / 1MB))
`;
/** Power off now; the session drops as the guest goes down, which is the expected outcome. */
const SHUTDOWN_COMMAND = 'shutdown /s /t 0 /f';
/** Restart now (after an update round, or a script that asked for it); the session drops likewise. */
const REBOOT_COMMAND = 'shutdown /r /t 0 /f';
/** The first line of writeFileFromStdinScript; the stand-in guest recognises the script by it. */
const WRITE_FILE_HEADER = '# bake-windows-image: write a file from stdin';
/**
 * Writes standard input (base64, so no console code page can change a byte) to `file`, readable by SYSTEM and
 * the Administrators only. How the clones' answer file, which holds the password, reaches the guest: never
 * on a command line. The file is created with its ACL, so it is never readable by others, not even briefly.
 */
function writeFileFromStdinScript(file) {
    return `${WRITE_FILE_HEADER}
$ErrorActionPreference = 'Stop'
$path = ${psLiteral(file)}
$bytes = [System.Convert]::FromBase64String([System.Console]::In.ReadToEnd().Trim())
$security = New-Object System.Security.AccessControl.FileSecurity
$security.SetSecurityDescriptorSddlForm('O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)')
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path) | Out-Null
$stream = [System.IO.File]::Create($path, 4096, [System.IO.FileOptions]::None, $security)
try {
    $stream.Write($bytes, 0, $bytes.Length)
} finally {
    $stream.Dispose()
}
`;
}
/** The first line of APPX_CLEANUP_SCRIPT; the stand-in guest recognises the script by it. */
const APPX_CLEANUP_HEADER = '# bake-windows-image: remove Appx packages that stop sysprep';
/**
 * sysprep /generalize refuses an image where an Appx package is installed for a user but not provisioned
 * for all users (the Store updating an inbox app is enough; Panther\setuperr.log then names the package).
 * Such packages are removed; frameworks and system packages are left alone. Prints one summary line.
 */
const APPX_CLEANUP_SCRIPT = `${APPX_CLEANUP_HEADER}
$ErrorActionPreference = 'Stop'
$provisioned = @(Get-AppxProvisionedPackage -Online | ForEach-Object { $_.PackageName })
$removed = 0
$kept = @()
foreach ($package in @(Get-AppxPackage -AllUsers)) {
    if ($package.IsFramework -or $package.NonRemovable -or [string]$package.SignatureKind -eq 'System') { continue }
    if ($provisioned -contains $package.PackageFullName) { continue }
    try {
        Remove-AppxPackage -Package $package.PackageFullName -AllUsers
        $removed++
    } catch {
        $kept += $package.PackageFullName
    }
}
Write-Output ('removed {0} Appx package(s) installed for a user but not provisioned; could not remove {1}: {2}' -f $removed, $kept.Count, ($kept -join ', '))
`;
/** Generalize with the clones' answer file and power off; sysprep reads nothing else from us. */
function sysprepCommand(answerFile) {
    return `C:\\Windows\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown /quiet /unattend:${answerFile}`;
}
/** sysprep's own error log: why it did not generalize. */
const SYSPREP_ERROR_LOG = 'C:\\Windows\\System32\\Sysprep\\Panther\\setuperr.log';
/** Where Win32-OpenSSH keeps sshd's host keys; sshd makes the missing ones when it starts. */
const SSHD_HOST_KEYS = 'C:\\ProgramData\\ssh\\ssh_host_*';
/**
 * Deletes sshd's host keys, private and public, so that every copy of the image makes its own at its first
 * boot instead of all sharing this bake's private key. A key that cannot be deleted fails the script.
 */
const FORGET_HOST_KEYS_SCRIPT = `$ErrorActionPreference = 'Stop'
Remove-Item -Path ${psLiteral(SSHD_HOST_KEYS)} -Force
`;
/**
 * The bake's last command: forget the host keys, then power off (cmd.exe's && runs the shutdown only when the
 * keys are gone). One session for both: sshd reads its host keys for every new connection, so no later login
 * would work.
 */
const FINAL_SHUTDOWN_COMMAND = `${powershellCommand(FORGET_HOST_KEYS_SCRIPT)} && ${SHUTDOWN_COMMAND}`;
/** With --generalize, sysprep powers the guest off: the host keys go in its session, for the same reason. */
function finalSysprepCommand(answerFile) {
    return `${powershellCommand(FORGET_HOST_KEYS_SCRIPT)} && ${sysprepCommand(answerFile)}`;
}
/**
 * Removes the bake's NoAutoUpdate policy (a cmd.exe command line): Windows Update is automatic again from the
 * image's next boot on.
 */
const RESTORE_AUTOMATIC_UPDATES_COMMAND = `reg.exe delete ${WINDOWS_UPDATE_POLICY_KEY} /v ${NO_AUTO_UPDATE_VALUE} /f`;

// EXTERNAL MODULE: ./node_modules/mustache/mustache.mjs
var mustache = __webpack_require__(40562);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./src/unattend/templates.ts
/**
 * The templates/ folder that ships next to the code, read once per template, and the check that keeps
 * control characters out of rendered values.
 */




// XML 1.0 forbids most C0 controls even as character references, and none belongs in these values.
function hasControlCharacter(value) {
    for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code < 0x20 || code === 0x7f)
            return true;
    }
    return false;
}
function checkText(values) {
    for (const [name, value] of Object.entries(values)) {
        if (typeof value === 'string' && hasControlCharacter(value)) {
            throw new errors/* BuildError */.zS('invalid-option', `The ${name} contains a control character, which cannot go into the answer file`);
        }
    }
}
const TEMPLATE_FOLDER = 'templates';
/** A file that is always in templates/: how the folder is recognised. */
const MARKER_TEMPLATE = 'autounattend.xml.mustache';
let templatesDirCache;
const templateCache = new Map();
/**
 * The repository's templates/ folder, found by walking up from this module: that is src/unattend/ under
 * jest and tsc, dist/ in the bundle. The path is built from variables so that ncc does not inline it.
 */
function templatesDir() {
    if (templatesDirCache !== undefined)
        return templatesDirCache;
    let dir = external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url));
    for (;;) {
        const candidate = external_node_path_default().join(dir, TEMPLATE_FOLDER);
        if ((0,external_node_fs_.existsSync)(external_node_path_default().join(candidate, MARKER_TEMPLATE))) {
            templatesDirCache = candidate;
            return candidate;
        }
        const parent = external_node_path_default().dirname(dir);
        if (parent === dir) {
            throw new errors/* BuildError */.zS('template-missing', `Cannot find ${TEMPLATE_FOLDER}/${MARKER_TEMPLATE} above ${external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url))}`, {
                hint: 'The templates/ folder must ship next to dist/ (it is listed in package.json "files"); reinstall the package.',
            });
        }
        dir = parent;
    }
}
function readTemplate(name) {
    let text = templateCache.get(name);
    if (text === undefined) {
        const file = external_node_path_default().join(templatesDir(), name);
        try {
            text = (0,external_node_fs_.readFileSync)(file, 'utf8');
        }
        catch (error) {
            throw new errors/* BuildError */.zS('template-missing', `Cannot read the template ${file}: ${error.message}`, {
                hint: 'Reinstall bake-windows-image; the templates/ folder is incomplete.',
                cause: error,
            });
        }
        templateCache.set(name, text);
    }
    return text;
}

;// CONCATENATED MODULE: ./src/guest/work-folder.ts
/**
 * Where the host's files live in the guest (notes/nightly-baseline.md, "Guest paths"): one work folder under
 * C:\Windows\Temp, readable by the Administrators and SYSTEM (the Windows Update task runs as SYSTEM).
 */
const GUEST_WORK_DIR = 'C:\\Windows\\Temp\\bake-windows-image';
/** The provisioning scripts, as `NN-NAME`. */
const GUEST_PROVISION_DIR = `${GUEST_WORK_DIR}\\provision`;

;// CONCATENATED MODULE: ./src/guest/windows-update.ts
/**
 * Windows Update rounds (notes/nightly-baseline.md, "Windows Update"): the round script rendered from
 * templates/windows-update.ps1.mustache, the scheduled task that runs it as SYSTEM (the update agent
 * refuses a remote session), where it writes, and the component cleanup after the last round.
 */






const SCRIPT_TEMPLATE = 'windows-update.ps1.mustache';
/** The round script's first line; the stand-in guest recognises the script by it. */
const WINDOWS_UPDATE_HEADER = '# bake-windows-image: Windows Update round';
/** The round script in the guest. */
const WINDOWS_UPDATE_SCRIPT_PATH = `${GUEST_WORK_DIR}\\windows-update.ps1`;
/** The round's own folder: progress, result and the round counter. */
const WINDOWS_UPDATE_DIR = `${GUEST_WORK_DIR}\\windows-update`;
const WINDOWS_UPDATE_PROGRESS_PATH = `${WINDOWS_UPDATE_DIR}\\progress.log`;
const WINDOWS_UPDATE_RESULT_PATH = `${WINDOWS_UPDATE_DIR}\\result.json`;
const WINDOWS_UPDATE_ROUNDS_PATH = `${WINDOWS_UPDATE_DIR}\\rounds.txt`;
/** The scheduled task's name. */
const WINDOWS_UPDATE_TASK = 'bake-windows-image-update';
const KB = /^KB\d+$/;
function checkFilters(filters) {
    for (const kb of filters.excludeKbs) {
        if (!KB.test(kb)) {
            throw new errors/* BuildError */.zS('invalid-option', `"${kb}" is not a KB number`, {
                hint: 'Name an update by its KB number: KB and digits, like KB5034441.',
            });
        }
    }
    for (const title of filters.excludeTitles) {
        if (title === '' || [...title].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
            throw new errors/* BuildError */.zS('invalid-option', `The title pattern ${JSON.stringify(title)} is empty or has a control character`, {
                hint: 'A title pattern is one line of text, with * and ? as wildcards (PowerShell -like).',
            });
        }
    }
}
/** `'a', 'b'` for `@(…)`: each value a single-quoted literal. */
function literalList(values) {
    return values.map(psLiteral).join(', ');
}
/** The round script for these filters. */
function windowsUpdateScript(filters) {
    checkFilters(filters);
    return mustache/* default */.A.render(readTemplate(SCRIPT_TEMPLATE), {
        // Triple-stashed in the template: already single-quoted literals.
        excludeKbs: literalList(filters.excludeKbs),
        excludeTitles: literalList(filters.excludeTitles),
        includeDrivers: filters.includeDrivers ? 'true' : 'false',
        includePreviews: filters.includePreviews ? 'true' : 'false',
        workDir: WINDOWS_UPDATE_DIR,
        resultPath: WINDOWS_UPDATE_RESULT_PATH,
        progressPath: WINDOWS_UPDATE_PROGRESS_PATH,
        roundsPath: WINDOWS_UPDATE_ROUNDS_PATH,
    }, {}, { escape: psSingleQuotedEscape });
}
/**
 * The round script as the file to upload: UTF-8 with a byte order mark, because Windows PowerShell 5.1
 * reads a .ps1 without one in the ANSI code page, which would garble a non-ASCII title pattern.
 */
function windowsUpdateScriptFile(filters) {
    return Buffer.from('\uFEFF' + windowsUpdateScript(filters), 'utf8');
}
const PROGRESS_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} (.*)$/;
/**
 * The lines of progress.log not seen yet, as the build log shows them (`Windows Update: MESSAGE`), and how
 * many lines are seen now. The host reads the whole file on each poll; a line still being written (no line
 * end yet) waits for the next poll; a file shorter than before (a new round's log) starts over.
 */
function newProgressLines(text, seen) {
    const complete = text
        .replace(/^\uFEFF/, '')
        .split('\n')
        .slice(0, -1)
        .map((line) => line.replace(/\r$/, ''));
    const from = complete.length < seen ? 0 : seen;
    const lines = complete
        .slice(from)
        .map((line) => `Windows Update: ${PROGRESS_LINE.exec(line)?.[1] ?? line}`);
    return { lines, seen: complete.length };
}
/** Creates (or replaces) the task that runs the round script once as SYSTEM, elevated; a cmd.exe line. */
const CREATE_UPDATE_TASK_COMMAND = `schtasks /Create /F /TN ${WINDOWS_UPDATE_TASK} /RU SYSTEM /RL HIGHEST /SC ONCE /ST 00:00 /TR "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ${WINDOWS_UPDATE_SCRIPT_PATH}"`;
/** Starts a round now. */
const RUN_UPDATE_TASK_COMMAND = `schtasks /Run /TN ${WINDOWS_UPDATE_TASK}`;
/** Removes the task: at the end, also after a failure. */
const DELETE_UPDATE_TASK_COMMAND = `schtasks /Delete /F /TN ${WINDOWS_UPDATE_TASK}`;
/** PowerShell: the last round's result goes before the next round starts (a missing one is fine). */
const REMOVE_UPDATE_RESULT_SCRIPT = `Remove-Item -LiteralPath ${psLiteral(WINDOWS_UPDATE_RESULT_PATH)} -Force -ErrorAction SilentlyContinue`;
/** One command line that starts a round: the old result goes, the task is made and run. */
const START_ROUND_COMMAND = `${powershellCommand(REMOVE_UPDATE_RESULT_SCRIPT)} & ${CREATE_UPDATE_TASK_COMMAND} && ${RUN_UPDATE_TASK_COMMAND}`;
/** The line between the progress log and the result in POLL_ROUND_SCRIPT's output. */
const POLL_SEPARATOR = '--- bake-windows-image: result.json ---';
/**
 * One look at a running round, one login: the progress log, the separator, and the result once there is one
 * (UTF-8 both, written without a BOM: Windows PowerShell 5.1 would read them in the ANSI code page).
 */
const POLL_ROUND_SCRIPT = [
    `Get-Content -Encoding UTF8 -LiteralPath ${psLiteral(WINDOWS_UPDATE_PROGRESS_PATH)} -ErrorAction SilentlyContinue`,
    `Write-Output ${psLiteral(POLL_SEPARATOR)}`,
    `Get-Content -Encoding UTF8 -LiteralPath ${psLiteral(WINDOWS_UPDATE_RESULT_PATH)} -ErrorAction SilentlyContinue`,
].join('\n');
/** POLL_ROUND_SCRIPT's output → the progress log's text and the result's (undefined while it is missing). Pure. */
function splitPoll(stdout) {
    const at = stdout.indexOf(POLL_SEPARATOR);
    if (at < 0)
        return { progress: stdout };
    const result = stdout.slice(at + POLL_SEPARATOR.length).trim();
    return { progress: stdout.slice(0, at), ...(result ? { result } : {}) };
}
/** Drops superseded components after the updates; /ResetBase also makes the installed ones permanent. */
function componentCleanupCommand(resetBase) {
    return `Dism.exe /Online /Cleanup-Image /StartComponentCleanup${resetBase ? ' /ResetBase' : ''}`;
}

;// CONCATENATED MODULE: ./src/unattend/answer-file.ts
/**
 * The answer file (autounattend.xml) and the first-logon script, rendered from templates/*.mustache.
 *
 * Every decision is made here, in TypeScript: which drivers, which partition layout, which bypasses, the
 * exact FirstLogonCommand. The templates only fill in values and show or hide sections, so what Setup will
 * do can be read (and tested) from `answerFileView` alone. Facts about Setup are in
 * notes/windows-setup.md; what differs from rgl/windows-vagrant and dockur/windows is in
 * notes/answer-file.md.
 */





/** Volume label of the answer ISO (for humans, and for the first-logon command that looks for the script). */
const ANSWER_MEDIUM_LABEL = 'AUTOUNATTEND';
/** Setup finds this name at the root of any CD/removable medium by itself (implicit search). */
const ANSWER_FILE_NAME = 'autounattend.xml';
const FIRST_LOGON_SCRIPT_NAME = 'first-logon.ps1';
/** virtio-win ISOs are labelled "virtio-win-0.1.271" etc. */
const VIRTIO_WIN_LABEL_PREFIX = 'virtio-win';
/**
 * Put a Win32-OpenSSH MSI at `<answer medium>/openssh/OpenSSH-Win64-v….msi` and the script installs it from
 * there, offline; without it the script falls back to built-in sshd or the Windows capability.
 */
const OPENSSH_MSI_DIR = 'openssh';
const OPENSSH_MSI_PATTERN = 'OpenSSH-Win64*.msi';
/** Windows Setup truncates or rejects longer FirstLogonCommands CommandLines (notes/windows-setup.md). */
const MAX_COMMAND_LINE = 1024;
/**
 * The virtio-win drivers WinPE must load: both storage drivers (the builder uses virtio-scsi, but a caller
 * may attach the disk as virtio-blk) and the network driver (so OOBE and first logon have a network).
 */
const WINPE_DRIVERS = ['vioscsi', 'viostor', 'NetKVM'];
/**
 * Drive letters at which WinPE may mount the virtio-win CD. The builder attaches three AHCI CDs (Windows,
 * virtio-win, answer), so virtio-win is normally E:. WinPE gives X: to its RAM disk and the first free
 * letters to the CDs; with a blank target disk C: can be free too, which shifts everything down by one,
 * and any extra device shifts it up. C: to I: covers both with room to spare; Setup skips paths that do
 * not exist. rgl/windows-vagrant hard-codes the one letter of its own layout (E:\); dockur/windows uses
 * no letter at all (it remasters the ISO with a $WinPEDriver$ folder).
 */
const DRIVER_SEARCH_LETTERS = ['C', 'D', 'E', 'F', 'G', 'H', 'I'];
/**
 * Windows 11 hardware checks that Setup skips when these HKLM\SYSTEM\Setup\LabConfig values are 1; set in
 * WinPE before the checks run. BypassStorageCheck lets Windows 11 install on disks below 64 GB (tests).
 */
const LABCONFIG_BYPASSES = [
    'BypassTPMCheck',
    'BypassSecureBootCheck',
    'BypassRAMCheck',
    'BypassCPUCheck',
    'BypassStorageCheck',
];
/** With uefi-secure the VM has a real TPM 2.0 and Secure Boot: only the checks a small or TCG VM can fail stay. */
const SECURE_BOOT_MET = ['BypassTPMCheck', 'BypassSecureBootCheck'];
/** The LabConfig values for this Windows version and firmware; none for versions without the checks. */
function labConfigBypasses(os, firmware) {
    if (!WINDOWS_TARGETS[os].hardwareCheckBypass)
        return [];
    return LABCONFIG_BYPASSES.filter((value) => firmware !== 'uefi-secure' || !SECURE_BOOT_MET.includes(value));
}
/** Escapes exactly the five XML special characters; for element text and attribute values alike. */
function xmlEscape(value) {
    return String(value).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}
const XML_ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** The DriverPaths entries for one Windows version: `<letter>:\<driver>\<os folder>\amd64`. */
function driverPaths(os) {
    const folder = WINDOWS_TARGETS[os].virtioFolder;
    const paths = [];
    for (const letter of DRIVER_SEARCH_LETTERS) {
        for (const driver of WINPE_DRIVERS) {
            paths.push({ key: String(paths.length + 1), path: `${letter}:\\${driver}\\${folder}\\amd64` });
        }
    }
    return paths;
}
/**
 * The one FirstLogonCommand: find the answer medium by its label (never by letter: notes/windows-setup.md), else
 * the first drive that holds the script, and run the script. Client Windows' execution policy is
 * Restricted, hence -ExecutionPolicy Bypass; -NonInteractive turns a prompt into an error instead of a hang.
 * Get-Volume lists CD volumes with their labels; the drive scan is the fallback if it does not.
 */
function firstLogonCommandLine() {
    const label = ANSWER_MEDIUM_LABEL;
    const script = FIRST_LOGON_SCRIPT_NAME;
    const command = [
        `$v = Get-Volume -FileSystemLabel '${label}' -ErrorAction SilentlyContinue | Where-Object { $_.DriveLetter } | Select-Object -First 1`,
        `if ($v) { $r = [string]$v.DriveLetter + ':' } else { $r = Get-PSDrive -PSProvider FileSystem | Where-Object { Test-Path -LiteralPath (Join-Path $_.Root '${script}') } | Select-Object -First 1 -ExpandProperty Root }`,
        `& (Join-Path $r '${script}')`,
    ].join('; ');
    return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "${command}"`;
}
/**
 * The specialize pass's RunSynchronous commands: client Windows only. The clones' answer file (after sysprep)
 * runs the same ones, since specialize runs again there.
 */
function specializePassCommands(os) {
    const specializeCommands = [];
    if (!WINDOWS_TARGETS[os].isServer) {
        // Windows 11 (and late Windows 10) OOBE insists on a network and a Microsoft account; BypassNRO lets it
        // go on offline with the local account below. Read by OOBE, so it must be set before oobeSystem.
        specializeCommands.push({
            order: specializeCommands.length + 1,
            description: 'Let OOBE continue without a network (BypassNRO)',
            path: 'reg.exe add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\OOBE /v BypassNRO /t REG_DWORD /d 1 /f',
        });
        // 24H2 turns on BitLocker device encryption by itself when the VM has a TPM (firmware uefi-secure):
        // an encrypted C: neither compresses nor trims, and its key would sit in this build's swtpm state.
        specializeCommands.push({
            order: specializeCommands.length + 1,
            description: 'No automatic BitLocker device encryption',
            path: 'reg.exe add HKLM\\SYSTEM\\CurrentControlSet\\Control\\BitLocker /v PreventDeviceEncryption /t REG_DWORD /d 1 /f',
        });
    }
    return specializeCommands;
}
/** Turns the build's values into the answer-file template's view. Pure. */
function answerFileView(input) {
    const target = WINDOWS_TARGETS[input.os];
    if (!target)
        throw new errors/* BuildError */.zS('invalid-option', `Unknown Windows version "${String(input.os)}"`);
    const uiLanguage = input.uiLanguage ?? input.locale;
    checkText({ ...input, uiLanguage });
    const uefi = input.firmware !== 'bios';
    // Windows 11 only; with 'uefi-secure' the TPM and Secure Boot checks are met genuinely, while RAM, CPU
    // (TCG's model) and disk size may still fall short on a test-sized VM.
    const bypasses = labConfigBypasses(input.os, input.firmware);
    const labConfigBypass = bypasses.length > 0;
    const productKey = input.productKey?.trim() ?? '';
    const windowsPeCommands = labConfigBypass
        ? bypasses.map((value, index) => ({
            order: index + 1,
            description: `Windows 11 hardware check: ${value}`,
            path: `reg.exe add HKLM\\SYSTEM\\Setup\\LabConfig /v ${value} /t REG_DWORD /d 1 /f`,
        }))
        : [];
    // First: automatic updates stay off for the whole bake (guest-contract.ts says why). Only here, not in the
    // clones' specialize: the image keeps the policy, or lost it on purpose (automaticUpdates).
    const specializeCommands = [
        {
            order: 1,
            description: 'No automatic Windows Update during the bake (NoAutoUpdate policy)',
            path: `reg.exe add ${WINDOWS_UPDATE_POLICY_KEY} /v ${NO_AUTO_UPDATE_VALUE} /t REG_DWORD /d 1 /f`,
        },
        ...specializePassCommands(input.os).map((command) => ({ ...command, order: command.order + 1 })),
    ];
    return {
        username: input.username,
        password: input.password,
        hostname: input.hostname,
        edition: input.edition,
        timezone: input.timezone,
        locale: input.locale,
        uiLanguage,
        uefi,
        bios: !uefi,
        windowsPartitionId: uefi ? 3 : 2,
        // 260 MB is Microsoft's minimum for an ESP on 4Kn disks (FAT32 limit); it also fits 512-byte disks.
        efiPartitionMiB: 260,
        msrPartitionMiB: 16,
        // Holds only the boot manager and BCD (WinRE stays on C:, see the template); Setup's own size today.
        systemReservedMiB: 500,
        hasProductKey: productKey !== '',
        productKey,
        productKeyWillShowUI: productKey !== '' ? 'OnError' : 'Never',
        isServer: target.isServer,
        isClient: !target.isServer,
        labConfigBypass,
        driverPaths: driverPaths(input.os),
        windowsPeCommands,
        hasWindowsPeCommands: windowsPeCommands.length > 0,
        specializeCommands,
        hasSpecializeCommands: specializeCommands.length > 0,
        autoLogonCount: 1,
        firstLogonCommandLine: firstLogonCommandLine(),
    };
}
const ANSWER_TEMPLATE = 'autounattend.xml.mustache';
/** autounattend.xml for this build. Contains the password (in plain text, XML-escaped). */
function renderAnswerFile(input) {
    return mustache/* default */.A.render(readTemplate(ANSWER_TEMPLATE), answerFileView(input), {}, { escape: xmlEscape });
}

;// CONCATENATED MODULE: ./src/unattend/secret-forms.ts
/**
 * Every form in which a password can appear in what a build writes: as typed, XML-escaped (the answer file),
 * JSON-escaped (a JSON file), and as Windows answer files store it with `PlainText` false: base64 of the
 * UTF-16LE text of the password followed by the element's name. A failure bundle masks all of them.
 */

const SECRET_MASK = '********';
/** base64 of UTF-16LE `text`, as Windows encodes passwords and -EncodedCommand. Pure. */
function utf16Base64(text) {
    return Buffer.from(text, 'utf16le').toString('base64');
}
/**
 * The forms of `secret` to mask, longest first (a longer form is masked before a shorter one inside it).
 * Empty and one-character secrets give none: masking those would garble everything (as log.redact). Pure.
 */
function secretForms(secret) {
    if (secret.length < 2)
        return [];
    const forms = [
        secret,
        xmlEscape(secret),
        JSON.stringify(secret).slice(1, -1),
        JSON.stringify(xmlEscape(secret)).slice(1, -1),
        utf16Base64(secret),
        // <Password><Value> of LocalAccount and AutoLogon, and <AdministratorPassword>, with PlainText false.
        utf16Base64(`${secret}Password`),
        utf16Base64(`${secret}AdministratorPassword`),
        Buffer.from(secret, 'utf8').toString('base64'),
    ];
    return [...new Set(forms)].sort((a, b) => b.length - a.length);
}
/** `text` with every form replaced by SECRET_MASK, and how many were replaced. Pure. */
function maskSecretForms(text, forms) {
    let result = text;
    let masked = 0;
    for (const form of forms) {
        const parts = result.split(form);
        masked += parts.length - 1;
        result = parts.join(SECRET_MASK);
    }
    return { text: result, masked };
}

;// CONCATENATED MODULE: ./src/bake/host-facts.ts
/**
 * What a failure bundle says about the host (host.json): the versions of QEMU, OVMF and swtpm, the
 * accelerator, the CPU and its virtualisation flags, free memory and disk, the kernel. Each fact is read
 * within a few seconds or given as unknown: a failed build must not hang on its report.
 */






const COMMAND_MS = 5000;
/** The CPU flags that say whether (and which) hardware virtualisation there is. */
const VIRTUALISATION_FLAGS = ['vmx', 'svm', 'hypervisor', 'ept', 'npt', 'nested_virt'];
/** The first line a program prints for `args`, or why there is none. */
/** The first line a program prints for `args` (its version), or why there is none. */
async function firstLine(executable, args) {
    if (!executable)
        return 'not installed';
    try {
        const { stdout, stderr } = await (0,exec/* run */.eF)(executable, args, { signal: AbortSignal.timeout(COMMAND_MS) });
        return (stdout.trim() || stderr.trim()).split('\n')[0] ?? '';
    }
    catch (error) {
        return `unknown (${error.message.split('\n')[0]})`;
    }
}
/** The Debian package's version, where there is dpkg (OVMF's files carry no version of their own). */
async function debianPackage(name) {
    const dpkgQuery = (0,exec/* findOnPath */.aY)('dpkg-query');
    if (!dpkgQuery)
        return undefined;
    try {
        const { stdout } = await (0,exec/* run */.eF)(dpkgQuery, ['-W', '-f', '${Version}', name], {
            signal: AbortSignal.timeout(COMMAND_MS),
        });
        return stdout.trim() || undefined;
    }
    catch {
        return undefined;
    }
}
/** Model name and the virtualisation flags of the first CPU in /proc/cpuinfo (Linux). Pure. */
function cpuFacts(cpuinfo) {
    const first = cpuinfo.split(/\n\s*\n/)[0] ?? '';
    const field = (name) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first)?.[1]?.trim();
    const flags = new Set((field('flags') ?? '').split(/\s+/));
    return {
        model: field('model name'),
        virtualisationFlags: VIRTUALISATION_FLAGS.filter((f) => flags.has(f)),
    };
}
function freeBytes(dir) {
    return dir ? filesystemSpace(dir)?.freeBytes : undefined;
}
async function hostFacts(context) {
    const qemu = context.session?.commandLine[0] ?? (0,exec/* findOnPath */.aY)(exec/* PROGRAMS */.i.qemuSystem.command);
    const swtpm = (0,exec/* findOnPath */.aY)(process.env[exec/* PROGRAMS */.i.swtpm.env] || exec/* PROGRAMS */.i.swtpm.command);
    const [qemuVersion, swtpmVersion, ovmfPackage] = await Promise.all([
        firstLine(qemu, ['--version']),
        firstLine(swtpm, ['--version']),
        debianPackage('ovmf'),
    ]);
    const output = context.output ? external_node_path_default().dirname(context.output) : undefined;
    return {
        qemu: { executable: qemu, version: qemuVersion },
        ovmf: context.firmware
            ? { code: context.firmware.code, varsTemplate: context.firmware.varsTemplate, package: ovmfPackage }
            : { firmware: context.options.firmware, package: ovmfPackage },
        swtpm: { executable: swtpm, version: swtpmVersion },
        accel: context.accel ?? context.options.accel,
        kvm: { device: (0,external_node_fs_.existsSync)('/dev/kvm') },
        cpu: { ...cpuFacts(readText('/proc/cpuinfo')), count: external_node_os_default().cpus().length },
        memory: hostMemory(),
        disk: {
            workDir: { path: context.workDir, freeBytes: freeBytes(context.workDir) },
            output: { path: output, freeBytes: freeBytes(output) },
        },
        kernel: { release: external_node_os_default().release(), version: external_node_os_default().version(), arch: external_node_os_default().arch() },
        node: process.version,
    };
}

// EXTERNAL MODULE: ./src/bake/partials.ts
var partials = __webpack_require__(7039);
;// CONCATENATED MODULE: ./src/bake/failure-bundle.ts
/**
 * The failure bundle: a build that fails after QEMU started leaves `<output>.failure/` beside the output, with
 * everything needed to see why without running it again (README.txt in it names each file). Written before
 * the cleanups stop QEMU, so the guest's own logs can still be fetched over SSH; every part is bounded in
 * time, and the password is masked in every file (all its forms, see unattend/secret-forms.ts).
 * Uses: session, output, workDir, timeline (when there is one). Produces: the bundle directory.
 */












/** All the SSH fetches of one bundle together; the VM may be gone or hung. */
const GUEST_LOG_BUDGET_MS = 60_000;
/** Guest logs: the last lines of each, at most this many bytes. */
const GUEST_LOG_LINES = 2000;
const MAX_TEXT_BYTES = 1024 * 1024;
/** `<output>.failure`: beside the output, never inside it. Pure. */
function bundleDir(output) {
    return `${output}.failure`;
}
/** The last `bytes` of a text (a long log keeps its end, where the failure is). Pure. */
function tailBytes(text, bytes = MAX_TEXT_BYTES) {
    const buffer = Buffer.from(text, 'utf8');
    return buffer.length <= bytes ? text : buffer.subarray(buffer.length - bytes).toString('utf8');
}
/** The first-logon script's last step, from the serial console's text. Pure. */
function lastGuestStep(serial) {
    let last;
    for (const line of serial.split(/\r?\n/)) {
        for (const prefix of [GUEST_FAILURE_PREFIX, GUEST_PROGRESS_PREFIX]) {
            const at = line.indexOf(prefix);
            if (at >= 0) {
                last = line.slice(at + prefix.length).trim();
                break;
            }
        }
    }
    return last;
}
function readOr(file, fallback) {
    if (!file)
        return fallback;
    try {
        return (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        return `${fallback} (${error.message})`;
    }
}
/**
 * The guest's logs over SSH, each bounded; the first attempt that cannot log in or connect ends the rest
 * (they would fail the same way).
 */
async function fetchGuestLogs(context, write) {
    const session = context.session;
    const wanted = [
        ...WINDOWS_SETUP_LOGS,
        { path: FIRST_LOGON_LOG_PATH, name: 'first-logon.log' },
        // Windows Update's rounds: what the task did last, and its result (when a round finished).
        ...(context.options.windowsUpdate
            ? [
                { path: WINDOWS_UPDATE_PROGRESS_PATH, name: 'windows-update-progress.log' },
                { path: WINDOWS_UPDATE_RESULT_PATH, name: 'windows-update-result.json' },
            ]
            : []),
    ];
    const results = [];
    let giveUp = !session.running
        ? `QEMU had exited (${session.qemu.describeExit()})`
        : context.signal.aborted
            ? 'the build was cancelled'
            : undefined;
    const deadline = Date.now() + GUEST_LOG_BUDGET_MS;
    for (const log of wanted) {
        const remaining = deadline - Date.now();
        if (!giveUp && remaining <= 0)
            giveUp = `the ${GUEST_LOG_BUDGET_MS / 1000} s for guest logs ran out`;
        if (giveUp) {
            results.push({ file: log.path, fetched: false, detail: giveUp });
            continue;
        }
        try {
            const result = await session.runInGuest(powershellCommand(readFileTailScript(log.path, GUEST_LOG_LINES)), Math.min(remaining, session.timings.guestLogFetchMs));
            if (result.code !== 0) {
                const why = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
                results.push({ file: log.path, fetched: false, detail: `the guest could not read it: ${why}` });
                continue;
            }
            write(`guest-logs/${log.name}`, result.stdout);
            results.push({ file: log.path, fetched: true, detail: `guest-logs/${log.name}` });
        }
        catch (error) {
            const kind = error instanceof SshError ? error.kind : 'unreachable';
            const why = `SSH ${kind === 'auth' ? 'refused the login' : 'did not answer'}: ${error.message}`;
            results.push({ file: log.path, fetched: false, detail: why });
            giveUp = why;
        }
    }
    return results;
}
const README = `A failed bake-windows-image build: what it saw, with the password replaced by ********.

failure.json             the error, the phase, elapsed time, reboots, the last serial lines, the guest's
                         last step, and which guest logs were fetched
timeline.json            the build's phases with their start and end times (when recorded)
screens/                 screenshots of the VM's screen, oldest first; the last one shows it at the failure
serial.log               the guest's serial console (COM1): firmware, the first-logon script's progress
qemu-stderr.txt          what QEMU wrote to stderr (its last 16 KiB)
qemu-command.txt         QEMU's command line
host.json                the host: QEMU/OVMF/swtpm versions, accelerator, CPU and its virtualisation
                         flags, free memory and disk, kernel
autounattend.xml         the answer file the build gave Windows Setup
first-logon.ps1          the script Windows ran at the first logon
guest-logs.txt           which guest logs were fetched over SSH, and why the others were not
guest-logs/              the guest's logs: Windows Setup's Panther\\setupact.log and setuperr.log,
                         Panther\\UnattendGC\\setupact.log (oobeSystem), the first-logon script's log,
                         with --windows-update the last round's progress log and result
`;
/**
 * Writes the bundle for `error`; replaces one an earlier failed build of the same output left. Undefined when
 * the build never started QEMU (nothing to show that the error does not say).
 */
async function writeFailureBundle(context, error) {
    const session = context.session;
    if (!session || !context.output)
        return undefined;
    const forms = secretForms(context.options.password);
    const dir = bundleDir(context.output);
    const partial = (0,partials/* partialPath */.Dn)(dir, (0,partials/* partialSuffix */.$K)());
    const files = [];
    /** Writes one text file, masked; how many times the password was in it. */
    const write = (name, text) => {
        const { text: masked, masked: count } = maskSecretForms(text, forms);
        (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(external_node_path_default().join(partial, name)), { recursive: true });
        (0,external_node_fs_.writeFileSync)(external_node_path_default().join(partial, name), masked);
        files.push(name);
        return count;
    };
    (0,external_node_fs_.mkdirSync)(partial, { recursive: true });
    try {
        // First the screen as it is now, while QEMU still runs.
        await session.screens?.capture('failure');
        let lastScreenshot;
        for (const png of session.screens?.files() ?? []) {
            const name = `screens/${external_node_path_default().basename(png)}`;
            (0,external_node_fs_.mkdirSync)(external_node_path_default().join(partial, 'screens'), { recursive: true });
            (0,external_node_fs_.copyFileSync)(png, external_node_path_default().join(partial, name));
            files.push(name);
            lastScreenshot = name;
        }
        session.serial.readNew();
        const serial = tailBytes(readOr(session.spec.serialLog, ''));
        write('serial.log', serial);
        write('qemu-stderr.txt', session.qemu.stderrText());
        // The command line never holds the password: masked all the same, and said out loud if it did.
        if (write('qemu-command.txt', `${formatCommand([...session.commandLine])}\n`) > 0)
            context.logger.warn("QEMU's command line held the password (masked in the failure bundle): a bug");
        const timeline = context.timeline?.toJSON();
        if (timeline !== undefined)
            write('timeline.json', `${JSON.stringify(timeline, null, 2)}\n`);
        if (context.workDir) {
            for (const name of [ANSWER_FILE_NAME, FIRST_LOGON_SCRIPT_NAME]) {
                const file = external_node_path_default().join(context.workDir, name);
                if ((0,external_node_fs_.existsSync)(file))
                    write(name, readOr(file, ''));
            }
        }
        write('host.json', `${JSON.stringify(await hostFacts(context), null, 2)}\n`);
        const guestLogs = await fetchGuestLogs(context, (name, text) => void write(name, tailBytes(text)));
        write('guest-logs.txt', guestLogs
            .map((log) => `${log.file}: ${log.fetched ? `fetched → ${log.detail}` : `not fetched: ${log.detail}`}`)
            .join('\n') + '\n');
        const facts = {
            code: error.code,
            message: error.message,
            hint: error.hint,
            phase: session.phase,
            elapsed: session.elapsed(),
            reboots: session.reboots,
            serialTail: session.serial.tail(15),
            guestLastStep: lastGuestStep(serial),
            guestLogs,
        };
        write('failure.json', `${JSON.stringify(facts, null, 2)}\n`);
        write('README.txt', README);
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        (0,external_node_fs_.renameSync)(partial, dir);
        return {
            dir,
            lastScreenshot: lastScreenshot && external_node_path_default().join(dir, lastScreenshot),
            files: files.sort(),
        };
    }
    catch (failure) {
        (0,external_node_fs_.rmSync)(partial, { recursive: true, force: true });
        throw failure;
    }
}

;// CONCATENATED MODULE: ./src/bake/events.ts
/**
 * The build's live events, for wrappers and dashboards: the CLI's `--progress json` writes them as NDJSON,
 * the library passes them to `onEvent`. Every event has its type, the wall-clock time and the time since the
 * build started; schemas/progress-event.schema.json describes them. The password never reaches a listener.
 */

/** The events of one build: listeners see each event once, in order, with the secrets replaced by ***. */
class BuildEvents {
    startedAt;
    secrets;
    now;
    listeners = new Set();
    constructor(startedAt, secrets = [], now = Date.now) {
        this.startedAt = startedAt;
        this.secrets = secrets;
        this.now = now;
    }
    /** Adds a listener; returns the function that removes it. */
    on(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    emit(body) {
        const at = this.now();
        const event = redactStrings({ time: new Date(at).toISOString(), elapsedMs: at - this.startedAt, ...body }, this.secrets);
        for (const listener of this.listeners) {
            try {
                listener(event);
            }
            catch {
                // A dashboard's bug must not fail a 20-minute bake; the listener's own code can report it.
            }
        }
    }
}
/**
 * Every string in `value`, however deep, with the secrets replaced (in JSON text they could be escaped);
 * undefined fields left out, so that an event is the same object before and after JSON.
 */
function redactStrings(value, secrets) {
    if (typeof value === 'string')
        return (0,log/* redact */.E$)(value, secrets);
    if (Array.isArray(value))
        return value.map((item) => redactStrings(item, secrets));
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value)
            .filter(([, item]) => item !== undefined)
            .map(([key, item]) => [key, redactStrings(item, secrets)]));
    }
    return value;
}

;// CONCATENATED MODULE: ./src/bake/history.ts
/**
 * The host's memory of earlier bakes, for the heartbeat's "about N min left": per kind of build (Windows
 * version, edition, accelerator, firmware), the phase durations of the last few successful builds. A small
 * JSON file in the user's cache dir (the action passes the runner's tool cache), never in a repository;
 * a missing or corrupt file is an empty history, and a file that cannot be written costs only the estimate.
 */




/** Builds kept per kind: enough for a stable estimate, few enough that an old host's speed fades out. */
const HISTORY_PER_KIND = 5;
const HISTORY_FILE = 'history.json';
function kindKey(kind) {
    return [kind.os, kind.edition, kind.accel, kind.firmware, ...(kind.fromBase ? ['base'] : [])].join('|');
}
/** The kind of the build `context` runs: what the history is kept and read by. */
function buildKind(context) {
    return kindKey({
        os: context.os ?? '',
        edition: context.options.edition,
        accel: context.accel ?? '',
        firmware: context.options.firmware,
        fromBase: context.base?.status === 'hit',
    });
}
/** `$XDG_CACHE_HOME/bake-windows-image`, else `~/.cache/bake-windows-image`. */
function defaultHistoryDir(env = process.env) {
    const cache = env.XDG_CACHE_HOME && external_node_path_default().isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
    return external_node_path_default().join(cache ?? external_node_path_default().join(external_node_os_default().homedir(), '.cache'), 'bake-windows-image');
}
function isEntry(value) {
    const entry = value;
    return (typeof entry === 'object' &&
        entry !== null &&
        typeof entry.kind === 'string' &&
        typeof entry.finishedAt === 'string' &&
        Number.isFinite(entry.totalMs) &&
        typeof entry.phases === 'object' &&
        entry.phases !== null &&
        Object.entries(entry.phases).every(([name, ms]) => PHASE_ORDER.includes(name) && Number.isFinite(ms) && ms >= 0));
}
/** Every valid entry of the file; none when it is missing or not the history's JSON. */
function readHistory(file) {
    let parsed;
    try {
        parsed = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return [];
    }
    const builds = parsed?.builds;
    return Array.isArray(builds) ? builds.filter(isEntry) : [];
}
/** Adds one build and keeps the last HISTORY_PER_KIND of its kind; written whole, then renamed into place. */
function recordBuild(file, entry) {
    const others = readHistory(file);
    const same = others.filter((old) => old.kind === entry.kind);
    const kept = new Set([...same.slice(-(HISTORY_PER_KIND - 1)), entry]);
    const builds = [...others.filter((old) => old.kind !== entry.kind || kept.has(old)), entry];
    (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    (0,external_node_fs_.writeFileSync)(partial, JSON.stringify({ version: 1, builds }, null, 1) + '\n', { mode: 0o600 });
    (0,external_node_fs_.renameSync)(partial, file);
}
/**
 * The time left, from earlier builds of the same kind: what is left of the current phase (its usual length
 * minus the time spent in it, at least nothing) plus the usual length of every phase after it. The median
 * over the builds, so one slow run does not sway it. Undefined without history.
 */
function estimateRemainingMs(previous, phase, inPhaseMs) {
    if (previous.length === 0)
        return undefined;
    const at = PHASE_ORDER.indexOf(phase);
    const left = previous.map((entry) => {
        const rest = PHASE_ORDER.slice(at + 1).reduce((sum, name) => sum + (entry.phases[name] ?? 0), 0);
        return Math.max(0, (entry.phases[phase] ?? 0) - inPhaseMs) + rest;
    });
    left.sort((a, b) => a - b);
    const middle = Math.floor(left.length / 2);
    return left.length % 2 ? left[middle] : Math.round((left[middle - 1] + left[middle]) / 2);
}

;// CONCATENATED MODULE: ./src/unattend/first-logon.ts
/**
 * The first-logon script (first-logon.ps1), rendered from templates/first-logon.ps1.mustache: the values go in
 * as single-quoted PowerShell strings, and the script never contains the password.
 */







const first_logon_SCRIPT_TEMPLATE = 'first-logon.ps1.mustache';
/** The first-logon script's view. It has no password field, on purpose. */
function firstLogonScriptView(input) {
    const target = WINDOWS_TARGETS[input.os];
    if (!target)
        throw new errors/* BuildError */.zS('invalid-option', `Unknown Windows version "${String(input.os)}"`);
    checkText({ username: input.username });
    return {
        username: input.username,
        osName: target.displayName,
        opensshSource: target.openssh,
        answerLabel: ANSWER_MEDIUM_LABEL,
        virtioLabelPrefix: VIRTIO_WIN_LABEL_PREFIX,
        opensshMsiDir: OPENSSH_MSI_DIR,
        opensshMsiPattern: OPENSSH_MSI_PATTERN,
        logPath: FIRST_LOGON_LOG_PATH,
        progressPrefix: GUEST_PROGRESS_PREFIX,
        failurePrefix: GUEST_FAILURE_PREFIX,
        readyMarkerPath: READY_MARKER_PATH,
        readyMarkerText: READY_MARKER_TEXT,
        readySignal: READY_SIGNAL,
    };
}
/**
 * first-logon.ps1 for this build. Starts with a UTF-8 byte order mark: Windows PowerShell 5.1 reads a .ps1
 * without one in the ANSI code page, which would garble a non-ASCII user name.
 */
function renderFirstLogonScript(input) {
    const script = mustache/* default */.A.render(readTemplate(first_logon_SCRIPT_TEMPLATE), firstLogonScriptView(input), {}, {
        escape: psSingleQuotedEscape,
    });
    return '\uFEFF' + script;
}

;// CONCATENATED MODULE: ./src/unattend/generic-keys.ts
/**
 * Which product key goes into the answer file. Consumer multi-edition media (Home/Pro/Education on one disc)
 * can stop at Setup's key page when there is no key (notes/answer-file.md), so client editions get their
 * edition's public generic key unless the caller gave one or said `none`. These keys only select the
 * edition; none of them activates Windows.
 *
 * Sources, checked key by key:
 * - Retail generic ("default") install keys, as Microsoft's own consumer media carry them in
 *   sources\product.ini: the list in AveYo/MediaCreationTool.bat ("generic key preset … see
 *   sources\product.ini"), https://github.com/AveYo/MediaCreationTool.bat/blob/main/MediaCreationTool.bat;
 *   the same keys in https://gist.github.com/NeoTech/4114ba0c9c620ec39b4e92e59b3f4fe3 ("RTM Generic Keys").
 * - KMS client setup keys (GVLKs), for the editions that only volume-licensed media carry:
 *   https://learn.microsoft.com/windows-server/get-started/kms-client-activation-keys
 *   (MicrosoftDocs/windowsserverdocs, WindowsServerDocs/get-started/kms-client-activation-keys.md).
 */
const RETAIL = 'retail generic key';
const GVLK = 'KMS client setup key (GVLK)';
/** By install.wim's WINDOWS/EDITIONID. Windows 10 and 11 share these keys. */
const GENERIC_KEYS = {
    Core: { key: 'YTMG3-N6DKC-DKB77-7M9GH-8HVX7', kind: RETAIL },
    CoreN: { key: '4CPRK-NM3K3-X6XXQ-RXX86-WXCHW', kind: RETAIL },
    CoreSingleLanguage: { key: 'BT79Q-G7N6G-PGBYW-4YWX6-6F4BT', kind: RETAIL },
    CoreCountrySpecific: { key: 'N2434-X9D7W-8PF6X-8DV9T-8TYMD', kind: RETAIL },
    Professional: { key: 'VK7JG-NPHTM-C97JM-9MPGT-3V66T', kind: RETAIL },
    ProfessionalN: { key: '2B87N-8KFHP-DKV6R-Y2C8J-PKCKT', kind: RETAIL },
    ProfessionalEducation: { key: '8PTT6-RNW4C-6V7J2-C2D3X-MHBPB', kind: RETAIL },
    ProfessionalEducationN: { key: 'GJTYN-HDMQY-FRR76-HVGC7-QPF8P', kind: RETAIL },
    ProfessionalWorkstation: { key: 'DXG7C-N36C4-C4HTG-X4T3X-2YV77', kind: RETAIL },
    ProfessionalWorkstationN: { key: 'WYPNQ-8C467-V2W6J-TX4WX-WT2RQ', kind: RETAIL },
    Education: { key: 'YNMGQ-8RYV3-4PGQ3-C8XTP-7CFBY', kind: RETAIL },
    EducationN: { key: '84NGF-MHBT6-FXBX8-QWJK7-DRR8H', kind: RETAIL },
    // Volume-licensed media carry these keys themselves: passing them again changes nothing there.
    Enterprise: { key: 'NPPR9-FWDCX-D2C8J-H872K-2YT43', kind: GVLK },
    EnterpriseN: { key: 'DPH2V-TTNVB-4X9Q3-TJR4H-KHJW4', kind: GVLK },
    EnterpriseG: { key: 'YYVX9-NTFWV-6MDM3-9PT4T-4M68B', kind: GVLK },
    EnterpriseGN: { key: '44RPN-FTY23-9VTTB-MP9BX-T84FV', kind: GVLK },
};
/** The product-key value that turns the automatic generic key off. */
const NO_PRODUCT_KEY = 'none';
/**
 * The key for the answer file. A given key wins; `none` means no key; otherwise a client image whose
 * EDITIONID has a generic key gets it. Servers, evaluation and LTSC images (EDITIONIDs not in the table,
 * e.g. ServerDatacenterEval, EnterpriseEval, EnterpriseS) and images without an EDITIONID get none. Pure.
 */
function chooseProductKey(given, image) {
    const text = given?.trim() ?? '';
    if (text.toLowerCase() === NO_PRODUCT_KEY)
        return { source: 'none', reason: `product key "${NO_PRODUCT_KEY}"` };
    if (text !== '')
        return { source: 'given', key: text.toUpperCase() };
    const type = image.installationType?.trim() ?? '';
    if (type !== '' && type.toLowerCase() !== 'client') {
        return { source: 'none', reason: `installation type ${type}: no generic key is used` };
    }
    const editionId = image.editionId?.trim() ?? '';
    if (editionId === '')
        return { source: 'none', reason: 'the image has no EDITIONID' };
    const found = Object.entries(GENERIC_KEYS).find(([id]) => id.toLowerCase() === editionId.toLowerCase());
    if (!found)
        return { source: 'none', reason: `no generic key is known for edition ${editionId}` };
    const [id, { key, kind }] = found;
    return { source: 'generic', key, editionId: id, kind };
}
/** For the log: which key source was used (the keys are public, but the line says where it came from). */
function describeKeyChoice(choice) {
    switch (choice.source) {
        case 'given':
            return 'Product key: the one given';
        case 'generic':
            return `Product key: generic key for ${choice.editionId} (${choice.kind}: selects the edition, does not activate)`;
        case 'none':
            return `Product key: none (${choice.reason}); Setup picks the image by name`;
    }
}

;// CONCATENATED MODULE: ./src/tools/xorriso.ts
/** xorrisofs: the answer-file medium. */

/**
 * The argv for an answer medium. Windows Setup reads CD file names from Joliet or UDF only — a plain ISO 9660
 * name is AUTOUNAT.XML;1 and Rock Ridge is ignored — so `-J -joliet-long` is what makes Setup find
 * autounattend.xml (notes/windows-setup.md, "Finding the answer file"); `-r` keeps the names readable on Linux.
 */
function isoArgs(spec) {
    const grafts = spec.files.map(({ name, source }) => `/${escapeGraft(name)}=${escapeGraft(source)}`);
    return [
        '-J',
        '-joliet-long',
        '-r',
        '-V',
        spec.volumeId,
        '-input-charset',
        'utf-8',
        '-quiet',
        '-o',
        spec.output,
        '-graft-points',
        ...grafts,
    ];
}
/** In graft points, "=" and "\" are special and escaped with a backslash. */
function escapeGraft(value) {
    return value.replace(/\\/g, '\\\\').replace(/=/g, '\\=');
}
async function makeIso(spec) {
    await (0,exec/* run */.eF)((0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.xorrisofs), isoArgs(spec), { signal: spec.signal });
}

;// CONCATENATED MODULE: ./src/bake/steps/answer-medium.ts
/**
 * Renders the answer file and the first-logon script and packs them on the AUTOUNATTEND medium.
 * Both files are 0600 inside the 0700 work dir: the answer file holds the password.
 * Uses: the options, os, uiLanguage, productKey, workDir. Produces: answerMedium, renderedFiles.
 */







function answerFileInput(context) {
    const { options } = context;
    // Preflight chose the key from the image's EDITIONID; without that, the given key as it is.
    const choice = context.productKey ?? chooseProductKey(options.productKey, {});
    return {
        username: options.username,
        password: options.password,
        hostname: options.hostname,
        edition: options.edition,
        os: context.os,
        firmware: options.firmware,
        timezone: options.timezone,
        locale: options.locale,
        productKey: choice.source === 'none' ? undefined : choice.key,
        uiLanguage: context.uiLanguage,
    };
}
/**
 * The Win32-OpenSSH MSI as the first-logon script looks for it (openssh/OpenSSH-Win64*.msi), read straight
 * from where it is (a graft point, no copy). Not for Server 2025: its built-in sshd would clash with a second one.
 */
function opensshMsiOnMedium(context) {
    const source = context.options.opensshMsi;
    if (!source)
        return undefined;
    const target = WINDOWS_TARGETS[context.os];
    if (target.openssh === 'builtin') {
        context.logger.info(`${target.displayName} has OpenSSH Server built in: --openssh-msi is not used`);
        return undefined;
    }
    const base = external_node_path_default().basename(source);
    const name = /^OpenSSH-Win64[^/\\]*\.msi$/i.test(base) ? base : 'OpenSSH-Win64.msi';
    context.logger.info(`OpenSSH Server: ${source} goes on the answer medium as ${OPENSSH_MSI_DIR}/${name}`);
    return { name: `${OPENSSH_MSI_DIR}/${name}`, source: external_node_path_default().resolve(source) };
}
class MakeAnswerMedium {
    title = 'Writing the answer medium';
    async run(context) {
        const workDir = context.workDir;
        const input = answerFileInput(context);
        const answerFile = external_node_path_default().join(workDir, ANSWER_FILE_NAME);
        const script = external_node_path_default().join(workDir, FIRST_LOGON_SCRIPT_NAME);
        const rendered = [
            { name: ANSWER_FILE_NAME, text: renderAnswerFile(input) },
            { name: FIRST_LOGON_SCRIPT_NAME, text: renderFirstLogonScript(input) },
        ];
        (0,external_node_fs_.writeFileSync)(answerFile, rendered[0].text, { mode: 0o600 });
        (0,external_node_fs_.writeFileSync)(script, rendered[1].text, { mode: 0o600 });
        context.renderedFiles = rendered;
        const iso = external_node_path_default().join(workDir, 'autounattend.iso');
        const files = [
            { name: ANSWER_FILE_NAME, source: answerFile },
            { name: FIRST_LOGON_SCRIPT_NAME, source: script },
        ];
        const msi = opensshMsiOnMedium(context);
        if (msi)
            files.push(msi);
        await makeIso({
            files,
            output: iso,
            volumeId: ANSWER_MEDIUM_LABEL,
            signal: context.signal,
        });
        context.answerMedium = iso;
        context.logger.info(`Answer medium: ${iso} (label ${ANSWER_MEDIUM_LABEL}, Joliet + Rock Ridge)`);
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/automatic-updates.ts
/**
 * With automaticUpdates: removes the NoAutoUpdate policy that the answer file set for the bake, as the last
 * change before the shutdown. Automatic updating stays off during the bake (nothing downloads by itself, no
 * shutdown waits on "Working on updates"; --windows-update installs updates on purpose, in its own step); the
 * image updates itself from its next boot on. Without the option it does nothing.
 * Uses: options.automaticUpdates, session, timings, deadline. Produces: Windows Update's default policy.
 */




const automatic_updates_HINT = `The image would keep automatic updates off. Build without --automatic-updates and remove the policy where the image runs: ${RESTORE_AUTOMATIC_UPDATES_COMMAND}`;
class RestoreAutomaticUpdates {
    title = 'Turning automatic updates back on';
    phase = 'shutdown';
    async run(context) {
        if (!context.options.automaticUpdates)
            return;
        const session = context.session;
        session.phase = 'turning automatic updates back on';
        if (!session.running)
            throw session.exitedError('before automatic updates were turned back on');
        const { sshCommandMs } = session.timings;
        let result;
        try {
            result = await (0,bake_deadline/* waitWithin */.rE)(context, session.runInGuest(RESTORE_AUTOMATIC_UPDATES_COMMAND, sshCommandMs), sshCommandMs, 'turning automatic updates back on');
        }
        catch (error) {
            if (error instanceof SshError && error.kind === 'auth')
                throw sshAuthError(error);
            if (error instanceof errors/* BuildError */.zS)
                throw error; // cancelled, or out of time
            throw new errors/* BuildError */.zS('guest-step-failed', `Could not turn automatic updates back on: SSH: ${error.message}`, { hint: automatic_updates_HINT });
        }
        if (result === undefined) {
            throw new errors/* BuildError */.zS('guest-step-failed', `Could not turn automatic updates back on: no answer within ${sshCommandMs / 1000} s`, { hint: automatic_updates_HINT });
        }
        if (result.code !== 0) {
            const said = firstWords(result);
            throw new errors/* BuildError */.zS('guest-step-failed', `Could not turn automatic updates back on: ${RESTORE_AUTOMATIC_UPDATES_COMMAND} exited with ${result.code}: ${said}`, { hint: automatic_updates_HINT });
        }
        context.logger.info('Automatic updates are on again in the image (the NoAutoUpdate policy is removed)');
    }
}

;// CONCATENATED MODULE: ./src/vm/timers.ts
/** Timers that belong to one watcher and are cleared together when it stops. */
class TimerSet {
    timers = new Set();
    /** Runs `action` once after `ms`, unless cleared first. */
    after(ms, action) {
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            action();
        }, ms);
        this.timers.add(timer);
    }
    /** Runs `action` every `ms` until cleared. */
    every(ms, action) {
        this.timers.add(setInterval(action, ms));
    }
    clear() {
        for (const timer of this.timers)
            clearTimeout(timer);
        this.timers.clear();
    }
}

;// CONCATENATED MODULE: ./src/vm/boot-prompt.ts
/**
 * Answers the installer's "Press any key to boot from CD or DVD" exactly once, on the first boot only: a key
 * at a later prompt would restart Setup and wipe the disk. Windows' EFI loader prints its prompt on the
 * screen, not the serial port, so under UEFI the firmware's serial line "BdsDxe: starting Boot… UEFI QEMU
 * DVD-ROM" says the loader is starting; its prompt then waits ~5 s, and a key pressed meanwhile is buffered
 * by the firmware. On BIOS, Windows media boot a blank disk without a prompt: nothing is pressed unless a
 * prompt shows. Pure: fed serial text and reboots, it calls `press`; timers are its only clock.
 */

/** Windows' EFI loader prompt, and the stand-in's (which also prints it on the serial console). */
const BOOT_PROMPT = /Press any key to boot from (CD|DVD|CD or DVD)/i;
/** Debian's OVMF logs this on the serial port right before it runs the CD's boot loader. */
const FIRMWARE_CD_BOOT = /BdsDxe: starting Boot[0-9A-Fa-f]{4} "UEFI QEMU DVD-ROM/;
class BootPromptWatcher {
    options;
    reboots = 0;
    answered = false;
    firmwareLineSeen = false;
    timers = new TimerSet();
    stopped = false;
    constructor(options) {
        this.options = options;
        if (options.firmware === 'uefi')
            this.timers.after(options.timings.silentFirmwareMs, () => this.pressBlindly());
    }
    /** Serial console text: a complete line, or a pending one (a prompt waiting for a key has no newline). */
    onText(text) {
        if (this.done)
            return;
        if (BOOT_PROMPT.test(text)) {
            this.answer('prompt on the serial console');
        }
        else if (this.options.firmware === 'uefi' && FIRMWARE_CD_BOOT.test(text) && !this.firmwareLineSeen) {
            this.firmwareLineSeen = true;
            this.timers.after(this.options.timings.promptAfterFirmwareLineMs, () => this.answer('firmware started the DVD boot loader'));
        }
    }
    /** The guest rebooted: from now on every prompt is a later boot's, and must not be answered. */
    onReboot() {
        this.reboots++;
        this.clearTimers();
    }
    /** Keys sent so far (prompt answers and blind presses). */
    keysSent = 0;
    stop() {
        this.stopped = true;
        this.clearTimers();
    }
    get done() {
        return this.stopped || this.answered || this.reboots > 0;
    }
    answer(why) {
        if (this.done)
            return;
        this.answered = true;
        this.clearTimers();
        this.keysSent++;
        this.options.press(why);
    }
    /** Firmware that logs nothing on the serial port: a few blind presses, first boot only. */
    pressBlindly() {
        if (this.done || this.firmwareLineSeen)
            return;
        this.options.warn('The firmware printed no boot line on the serial port; pressing a key blindly (first boot only).');
        let presses = 0;
        const next = () => {
            if (this.done || this.firmwareLineSeen || presses >= this.options.timings.blindPresses)
                return;
            presses++;
            this.keysSent++;
            this.options.press(`no boot line from the firmware, blind press ${presses}`);
            this.timers.after(this.options.timings.blindPressIntervalMs, next);
        };
        next();
    }
    clearTimers() {
        this.timers.clear();
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./src/vm/timings.ts
const COMMON = {
    tpmSocketMs: 10_000,
    qmpConnectMs: 30_000,
    socketRetryMs: 25,
    qmpCommandMs: 10_000,
    rebootDebounceMs: 2_000,
    blindPressIntervalMs: 1_000,
    blindPresses: 10,
    sshPollMs: 20_000,
    sshCommandMs: 15_000,
    sshRetryAfterReadyMs: 1_000,
    guestLogFetchMs: 30_000,
    heartbeatMs: 60_000,
    diskSampleMs: 2_000,
    shutdownCommandMs: 30_000,
    acpiPowerOffMs: 60_000,
    quitMs: 10_000,
    killGraceMs: 5_000,
    loginRetryMs: 2_000,
    updatePollMs: 5_000,
};
const VM_TIMINGS = {
    kvm: {
        ...COMMON,
        promptAfterFirmwareLineMs: 1_500,
        silentFirmwareMs: 20_000,
        sshUnreachableAfterReadyMs: 180_000,
        trimMs: 300_000,
        zeroFillMs: 1_800_000,
        sysprepMs: 1_200_000,
        powerOffMs: 180_000,
        rebootMs: 3_600_000,
        loginAfterBootMs: 3_600_000,
    },
    tcg: {
        ...COMMON,
        promptAfterFirmwareLineMs: 8_000,
        silentFirmwareMs: 120_000,
        sshUnreachableAfterReadyMs: 300_000,
        trimMs: 600_000,
        zeroFillMs: 3_600_000,
        sysprepMs: 300_000,
        powerOffMs: 300_000,
        rebootMs: 300_000,
        loginAfterBootMs: 600_000,
    },
};

;// CONCATENATED MODULE: ./src/bake/steps/vm-plan.ts
/**
 * Decides the VM. Uses: the options, accel and firmware (preflight), the work dir, the disk, the answer
 * medium, --vnc. Produces: the VmSpec that qemuArgs turns into the command line, and the session's timings.
 * Makes a private copy of the UEFI variable store, picks a free loopback port for SSH, and a short private
 * directory for the sockets (unix socket paths are limited to 107 bytes, and a work dir can be any length).
 */







/** A port the kernel just handed out on 127.0.0.1: two builds on one runner never share one. */
function freeLoopbackPort() {
    return new Promise((resolve, reject) => {
        const server = external_node_net_default().createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => {
                if (address && typeof address === 'object')
                    resolve(address.port);
                else
                    reject(new Error('no port'));
            });
        });
    });
}
/** Longest socket path the kernel takes (sun_path is 108 bytes with its NUL). */
const MAX_SOCKET_PATH = 107;
/** The longest socket name used in the socket directory. */
const LONGEST_SOCKET_NAME = 'swtpm.sock';
/** mkdtemp adds six characters to the prefix. */
const SOCKET_DIR_PREFIX = 'bwi-';
/**
 * Where the socket directory goes: the system's temp dir when a socket path in it always fits, else /tmp.
 * Pure; the bound holds whatever TMPDIR or the work dir is.
 */
function socketDirParent(tmpdir) {
    const longest = external_node_path_default().join(tmpdir, `${SOCKET_DIR_PREFIX}XXXXXX`, LONGEST_SOCKET_NAME);
    return Buffer.byteLength(longest) <= MAX_SOCKET_PATH ? tmpdir : '/tmp';
}
class PlanVm {
    title = 'Planning the VM';
    phase = 'boot';
    socketDir;
    async run(context) {
        const sshHostPort = await freeLoopbackPort();
        const parent = socketDirParent(external_node_os_default().tmpdir());
        try {
            this.socketDir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(parent, SOCKET_DIR_PREFIX));
        }
        catch (error) {
            throw new errors/* BuildError */.zS('output-unwritable', `Cannot create a directory for the VM's sockets in ${parent}: ${error.message}`, { hint: 'Set TMPDIR to a short directory you can write to.' });
        }
        context.vm = vmSpecFor(context, this.socketDir, sshHostPort);
        context.timings = VM_TIMINGS[context.vm.accel];
        if (context.vm.firmware.type === 'uefi' && context.firmware) {
            // A fresh copy of the vars per build: stale variables can skip the CD and end in the EFI shell. A
            // cached base boots with the vars it was installed with (its boot entries live there).
            (0,external_node_fs_.copyFileSync)(context.base?.ovmfVars ?? context.firmware.varsTemplate, context.vm.firmware.vars);
            (0,external_node_fs_.chmodSync)(context.vm.firmware.vars, 0o600);
        }
    }
    async cleanup() {
        if (this.socketDir)
            (0,external_node_fs_.rmSync)(this.socketDir, { recursive: true, force: true });
    }
}
/** A base cache hit: the VM boots the installed base (an overlay on it), not the installer. */
function bootsBase(context) {
    return context.base?.status === 'hit';
}
function vmSpecFor(context, socketDir, sshHostPort) {
    const { options } = context;
    const workDir = context.workDir;
    const firmware = context.firmware;
    const vnc = options.vnc === undefined ? undefined : parseVncAddress(options.vnc);
    return {
        name: `bake-windows-image-${external_node_path_default().basename(workDir).replace(/^\./, '')}`,
        accel: context.accel,
        memoryMiB: context.vmSize.memoryMiB,
        cpus: context.vmSize.cpus,
        firmware: firmware
            ? {
                type: 'uefi',
                code: firmware.code,
                vars: external_node_path_default().join(workDir, 'OVMF_VARS.fd'),
                secureBoot: firmware.secureBoot,
                requiresSmm: firmware.requiresSmm,
            }
            : { type: 'bios' },
        tpmSocket: options.firmware === 'uefi-secure' ? external_node_path_default().join(socketDir, LONGEST_SOCKET_NAME) : undefined,
        disk: { path: context.disk ?? external_node_path_default().join(workDir, 'disk.qcow2'), unsafeCache: true },
        // A cached base is installed already: it boots from its disk, with no installer to answer.
        cdroms: bootsBase(context)
            ? []
            : [external_node_path_default().resolve(options.iso), external_node_path_default().resolve(options.virtioWinIso), context.answerMedium],
        sshHostPort,
        qmpSocket: external_node_path_default().join(socketDir, 'qmp.sock'),
        serialLog: external_node_path_default().join(workDir, 'serial.log'),
        pidFile: external_node_path_default().join(workDir, 'qemu.pid'),
        // Validated with the options: never an error here.
        vnc: vnc && !('error' in vnc) ? vnc : undefined,
    };
}

;// CONCATENATED MODULE: ./src/bake/steps/boot-prompt.ts
/**
 * Answers the installer's boot prompt: once, on the first boot only (see vm/boot-prompt.ts for why and how).
 * Uses: session (serial text, reboots, keys), the firmware. Produces: nothing; the watcher works in the
 * background from here on and stops at the first reboot, or in this step's cleanup.
 */


class AnswerBootPrompt {
    title = 'Watching for the boot prompt';
    watcher;
    unsubscribe;
    async run(context) {
        const session = context.session;
        if (session.reboots > 0)
            return; // too late: a later boot's prompt must not be answered
        if (bootsBase(context))
            return; // no installer CD: the base boots from its disk
        const watcher = new BootPromptWatcher({
            firmware: session.spec.firmware.type,
            timings: session.timings,
            press: (why) => session.pressKey(why),
            warn: (message) => context.logger.warn(message),
        });
        const onText = (text) => watcher.onText(text);
        const onReboot = () => {
            watcher.onReboot();
            this.stopWatching();
        };
        session.serial.on('line', onText);
        session.serial.on('partial', onText);
        session.on('reboot', onReboot);
        this.unsubscribe = () => {
            session.serial.off('line', onText);
            session.serial.off('partial', onText);
            session.off('reboot', onReboot);
        };
        this.watcher = watcher;
        // Text already seen before this step subscribed (the firmware is quick under KVM).
        for (const line of session.serial.tail(40))
            watcher.onText(line);
    }
    async cleanup() {
        this.stopWatching();
    }
    stopWatching() {
        this.watcher?.stop();
        this.unsubscribe?.();
        this.unsubscribe = undefined;
    }
}

;// CONCATENATED MODULE: ./src/tools/qemu-img.ts
/** qemu-img: create the install disk and overlays, inspect, check, compact and flatten images. */



/** A qcow2 of the given virtual size with no preallocation: it grows only as the guest writes. */
function createArgs(file, sizeMiB) {
    return ['create', '-q', '-f', 'qcow2', '-o', 'preallocation=off', file, `${sizeMiB}M`];
}
async function createQcow2(file, sizeMiB, signal) {
    await (0,exec/* run */.eF)((0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuImg), createArgs(file, sizeMiB), { signal });
}
async function imageInfo(file, signal) {
    const { stdout } = await (0,exec/* run */.eF)((0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuImg), ['info', '--output=json', file], { signal });
    const info = JSON.parse(stdout);
    return {
        virtualSizeBytes: info['virtual-size'],
        actualSizeBytes: info['actual-size'],
        format: info.format,
        backingFile: info['backing-filename'],
    };
}
/** Fails with qemu-img's report when the image has errors or leaks that would corrupt it. */
async function checkImage(file, signal) {
    await (0,exec/* run */.eF)((0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuImg), ['check', '-q', file], { signal });
}
/** qemu-img convert refuses `-m` above 16 ("Allowed number of coroutines is between 1 and 16"). */
const MAX_CONVERT_COROUTINES = 16;
/**
 * The `-m` for a compressing or flattening convert: one coroutine per host core, since zstd compression is
 * the bottleneck and runs in parallel per coroutine, capped at qemu-img's limit of 16. Pure.
 */
function convertCoroutines(cores = (0,external_node_os_.availableParallelism)()) {
    return Math.max(1, Math.min(Math.floor(cores), MAX_CONVERT_COROUTINES));
}
/**
 * Copies only allocated, non-zero clusters: the compacted image. A source with a backing file is read
 * through it, so the target is always standalone (this is how an overlay is flattened). Pure.
 */
function convertArgs(spec) {
    const args = ['convert', '-O', 'qcow2'];
    if (spec.compress)
        args.push('-c', '-o', 'compression_type=zstd');
    // -W: clusters land in whatever order they finish; the target is new and read by nobody until done.
    if (spec.coroutines !== undefined)
        args.push('-m', String(spec.coroutines), '-W');
    if (spec.sourceInUse)
        args.push('-U');
    args.push(spec.source, spec.target);
    return args;
}
/** A qcow2 overlay whose unwritten clusters read from `base` (which is never written through it). Pure. */
function overlayArgs(base, overlay) {
    return ['create', '-f', 'qcow2', '-F', 'qcow2', '-b', base, overlay];
}
async function createOverlay(base, overlay, signal) {
    await (0,exec/* run */.eF)((0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuImg), overlayArgs(base, overlay), { signal });
}
/** Overlay + base → one standalone, compressed qcow2 at `target`. Pure. */
function flattenArgs(overlay, target, coroutines) {
    return convertArgs({ source: overlay, target, compress: true, coroutines });
}
/** Fails unless `file` is standalone: an image still pointing at a cached base must never be delivered. */
async function requireStandalone(file, signal) {
    const info = await imageInfo(file, signal);
    if (info.backingFile !== undefined) {
        throw new errors/* BuildError */.zS('internal', `${file} still has a backing file (${info.backingFile})`, {
            hint: 'The overlay was not flattened; this is a bug in bake-windows-image, please report it.',
        });
    }
}
async function convertImage(spec, signal) {
    await (0,exec/* run */.eF)((0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuImg), convertArgs(spec), { signal });
}

;// CONCATENATED MODULE: ./src/bake/steps/compact.ts
/**
 * Compacts the install disk into the finished image (with a cached base: flattens the overlay and the base into
 * one standalone image): only allocated, non-zero clusters, zstd-compressed, on every core (-m N -W),
 * written to a hidden partial file next to the output (so the final rename stays on one filesystem), then
 * checked. Uses: disk, output. Produces: finishedImage. Its cleanup removes the partial only while it is
 * unfinished: a finished image is never deleted, whatever fails after it (the builder names where it is).
 */




class Compact {
    title = 'Compacting the image';
    phase = 'compaction';
    partial;
    finished = false;
    async run(context) {
        const partial = (0,partials/* partialPath */.Dn)(context.output, (0,partials/* partialSuffix */.$K)());
        this.partial = partial;
        const started = Date.now();
        const before = await imageInfo(context.disk, context.signal);
        await convertImage({
            source: context.disk,
            target: partial,
            compress: context.options.compress,
            coroutines: convertCoroutines(),
        }, context.signal);
        await checkImage(partial, context.signal);
        // An overlay on a cached base is read through it: the output must stand alone all the same.
        if (context.base?.status === 'hit')
            await requireStandalone(partial, context.signal);
        this.finished = true;
        context.finishedImage = partial;
        context.logger.info(`Compacted ${(0,log/* formatBytes */.z3)(before.actualSizeBytes)} to ${(0,log/* formatBytes */.z3)((0,external_node_fs_.statSync)(partial).size)} in ${(0,log/* formatDuration */.a3)(Date.now() - started)}`);
    }
    async cleanup() {
        if (this.partial && !this.finished)
            (0,external_node_fs_.rmSync)(this.partial, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/disk.ts
/**
 * The empty install disk: a qcow2 that grows on demand up to --disk-size; on a base cache hit, an overlay
 * backed by the base. Uses: workDir, the options, base. Produces: disk.
 */



class CreateDisk {
    title = 'Creating the disk';
    async run(context) {
        const file = external_node_path_default().join(context.workDir, 'disk.qcow2');
        // A cached base: an overlay that reads it and never writes it (flattened into the output at the end).
        if (context.base?.status === 'hit')
            await createOverlay(context.base.disk, file, context.signal);
        else
            await createQcow2(file, context.options.diskSizeMiB, context.signal);
        const info = await imageInfo(file, context.signal);
        context.disk = file;
        context.logger.info(`Disk: ${file}, ${(0,log/* formatBytes */.z3)(info.virtualSizeBytes)} virtual, ${(0,log/* formatBytes */.z3)(info.actualSizeBytes)} allocated`);
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/finalize.ts
/**
 * Puts the finished image at --output by a rename (atomic, on one filesystem): a half-built image never
 * appears there, and one that cannot be placed is kept where it is and named in the error. The firmware
 * state goes first, so that when the image appears, everything that belongs to it is there.
 * Uses: finishedImage, firmwareState, output. Produces: image (path, sizes, sha256).
 */






class Finalize {
    title = 'Finalizing the image';
    async run(context) {
        const output = context.output;
        const finished = context.finishedImage;
        const state = context.firmwareState;
        // Someone may have put a file at --output while we were building: never overwrite a non-empty one.
        if (occupied(output)) {
            throw new errors/* BuildError */.zS('output-exists', `${output} appeared while the image was being built; it was not overwritten`, { hint: keptHint(finished, state && describeState(state.partial)) });
        }
        // Everything about the image is known before it is placed: after the rename, nothing can fail.
        const info = await imageInfo(finished, context.signal);
        const image = {
            path: output,
            sizeBytes: (0,external_node_fs_.statSync)(finished).size,
            virtualSizeBytes: info.virtualSizeBytes,
            sha256: await sha256File(finished),
            firmwareState: state?.final,
        };
        try {
            if (state) {
                await (0,promises_.rename)(state.partial.vars, state.final.vars);
                if (state.partial.tpm && state.final.tpm) {
                    await (0,promises_.rm)(state.final.tpm, { recursive: true, force: true }); // an empty directory (preflight checked)
                    await (0,promises_.rename)(state.partial.tpm, state.final.tpm);
                }
            }
            await (0,promises_.rename)(finished, output);
        }
        catch (error) {
            throw new errors/* BuildError */.zS('output-unwritable', `Could not move the image to ${output}: ${error.message}`, {
                hint: keptHint(finished, state && `${describeState(state.partial)} or ${describeState(state.final)}`),
            });
        }
        context.image = image;
        context.logger.info(`Image: ${output} (${(0,log/* formatBytes */.z3)(context.image.sizeBytes)}, sha256 ${context.image.sha256})`);
        if (state)
            context.logger.info(`Firmware state: ${describeState(state.final)}`);
    }
}
/** The hint of an image that could not be placed. The builder adds the same for later failures. */
function keptHint(image, firmwareState) {
    return `The finished image is at ${image}${firmwareState ? ` (its firmware state at ${firmwareState})` : ''}: move it where you want it.`;
}
function occupied(file) {
    try {
        return (0,external_node_fs_.statSync)(file).size > 0;
    }
    catch {
        return false;
    }
}
function describeState(state) {
    return state.tpm ? `${state.vars} and ${state.tpm}` : state.vars;
}

;// CONCATENATED MODULE: ./src/unattend/clone-answer-file.ts
/**
 * The answer file sysprep hands to every clone of a generalized image (templates/clone-unattend.xml.mustache),
 * and the SetupComplete.cmd that deletes it again. Why it looks like this: notes/answer-file.md, "Cloning".
 */





/** Where the host puts the clones' answer file for sysprep: an administrators-only folder. */
const CLONE_ANSWER_FILE = 'C:\\Windows\\System32\\Sysprep\\bake-windows-image-unattend.xml';
/** sysprep /unattend copies the file here; Setup reads it at the clone's first boot. */
const PANTHER_ANSWER_FILE = 'C:\\Windows\\Panther\\unattend.xml';
/** Run by Setup as SYSTEM once the clone's specialize and OOBE are done, before anyone signs in. */
const SETUP_COMPLETE_FILE = 'C:\\Windows\\Setup\\Scripts\\SetupComplete.cmd';
/** Windows' random computer name (DESKTOP-XXXXXXX, WIN-XXXXXXXXXXX). */
const RANDOM_COMPUTER_NAME = '*';
/** The template's view. Pure. */
function cloneAnswerFileView(input) {
    const uiLanguage = input.uiLanguage ?? input.locale;
    checkText({ ...input, uiLanguage });
    const isServer = WINDOWS_TARGETS[input.os].isServer;
    const specializeCommands = specializePassCommands(input.os);
    return {
        username: input.username,
        password: input.password,
        computerName: RANDOM_COMPUTER_NAME,
        timezone: input.timezone,
        locale: input.locale,
        uiLanguage,
        isServer,
        isClient: !isServer,
        specializeCommands,
        hasSpecializeCommands: specializeCommands.length > 0,
    };
}
/** The clones' unattend.xml. Contains the password (plain text, XML-escaped). */
function renderCloneAnswerFile(input) {
    return mustache/* default */.A.render(readTemplate('clone-unattend.xml.mustache'), cloneAnswerFileView(input), {}, {
        escape: xmlEscape,
    });
}
/**
 * SetupComplete.cmd: deletes the two copies of the clones' answer file, which hold the password. Setup runs
 * it as SYSTEM at the end of the clone's first boot, with no one signed in. No secret in it. CRLF, ASCII.
 */
function setupCompleteCmd() {
    const remove = [PANTHER_ANSWER_FILE, CLONE_ANSWER_FILE]
        .map((file) => `Remove-Item -LiteralPath ${psLiteral(file)} -Force -ErrorAction SilentlyContinue`)
        .join('; ');
    return [
        '@echo off',
        'rem bake-windows-image: this clone is set up; the answer file that carried the password goes.',
        `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "${remove}"`,
        '',
    ].join('\r\n');
}

;// CONCATENATED MODULE: ./src/bake/steps/generalize.ts
/**
 * --generalize, in place of ShutDown: prepares the guest for cloning and lets sysprep power it off. Removes
 * the Appx packages that stop sysprep, writes the clones' answer file and SetupComplete.cmd over SSH standard
 * input (the answer file holds the password: never on a command line), forgets sshd's host keys and runs
 * sysprep /generalize /oobe /shutdown and waits for QEMU to exit. A guest that is still running after the sysprep budget did not
 * generalize: its setuperr.log goes into the error.
 * Uses: session, timings, os, uiLanguage, readyAt. Produces: a VM that has exited, its disk generalized.
 */






class Generalize {
    title = 'Generalizing (sysprep)';
    phase = 'shutdown';
    async run(context) {
        const { options, logger } = context;
        const session = context.session;
        session.phase = 'generalizing';
        if (!session.running)
            throw session.exitedError('before sysprep');
        const appx = await this.guest(context, powershellCommand(APPX_CLEANUP_SCRIPT), 'removing Appx packages');
        const said = lastLine(appx.stdout);
        if (appx.code === 0)
            logger.info(`guest: ${said ?? 'Appx packages checked'}`);
        else
            logger.warn(`Removing per-user Appx packages failed (${failure(appx)}); sysprep may refuse the image`);
        const answer = renderCloneAnswerFile({
            username: options.username,
            password: options.password,
            os: context.os,
            timezone: options.timezone,
            locale: options.locale,
            uiLanguage: context.uiLanguage,
        });
        await this.upload(context, CLONE_ANSWER_FILE, answer);
        await this.upload(context, SETUP_COMPLETE_FILE, setupCompleteCmd());
        logger.info(`Clones' answer file at ${CLONE_ANSWER_FILE}; ${SETUP_COMPLETE_FILE} deletes it at their first boot`);
        const asked = Date.now();
        const exited = session.qemu.exited.then(() => true);
        // sysprep shuts the guest down under the SSH session: whatever the session says, QEMU exiting decides.
        const sysprep = session
            .runInGuest(finalSysprepCommand(CLONE_ANSWER_FILE), session.timings.sysprepMs)
            .then((result) => result, (error) => error);
        const done = await (0,bake_deadline/* waitWithin */.rE)(context, exited, session.timings.sysprepMs, 'waiting for sysprep');
        if (!done)
            await this.fail(context, session, await Promise.race([sysprep, Promise.resolve(undefined)]));
        const readyAt = context.readyAt ?? asked;
        logger.info(`sysprep generalized the guest and powered it off in ${(0,log/* formatDuration */.a3)(Date.now() - asked)} (${(0,log/* formatDuration */.a3)(Date.now() - readyAt)} after ready)`);
    }
    /** One command in the guest; a refused password is final, other SSH failures are the step's failure. */
    async guest(context, command, what, stdin) {
        const session = context.session;
        const ms = session.timings.sshCommandMs * 4;
        try {
            const result = await (0,bake_deadline/* waitWithin */.rE)(context, session.runInGuest(command, ms, stdin), ms, what);
            if (result)
                return result;
        }
        catch (error) {
            if (error instanceof SshError && error.kind === 'auth')
                throw sshAuthError(error);
            if (error instanceof errors/* BuildError */.zS)
                throw error;
            throw stepFailed(`${what}: SSH: ${error.message}`);
        }
        throw stepFailed(`${what}: no answer within ${Math.round(ms / 1000)} s`);
    }
    async upload(context, file, text) {
        const stdin = Buffer.from(text, 'utf8').toString('base64');
        const result = await this.guest(context, powershellCommand(writeFileFromStdinScript(file)), `writing ${file}`, stdin);
        if (result.code !== 0)
            throw stepFailed(`writing ${file} failed: ${failure(result)}`);
    }
    /** The guest is still running after the sysprep budget: say why, from sysprep's own log. */
    async fail(context, session, sysprep) {
        let log = '';
        try {
            const read = await session.runInGuest(readFileScript(SYSPREP_ERROR_LOG), session.timings.guestLogFetchMs);
            if (read.code === 0)
                log = read.stdout.trim().split(/\r?\n/).slice(-10).join('\n  ');
        }
        catch {
            // The log is a bonus; the error below stands without it.
        }
        const answered = sysprep === undefined
            ? 'the sysprep command had not returned'
            : sysprep instanceof Error
                ? `the sysprep command ended with: ${sysprep.message}`
                : `the sysprep command exited with code ${String(sysprep.code)}`;
        context.logger.debug(`sysprep: ${answered}`);
        throw new errors/* BuildError */.zS('guest-step-failed', `sysprep did not power the guest off within ${session.timings.sysprepMs / 1000} s (${answered}).${log ? `\n${SYSPREP_ERROR_LOG}:\n  ${log}` : ''}\n${session.serialTail()}`, {
            hint: `Read ${SYSPREP_ERROR_LOG} in the guest (--keep-work-dir keeps the disk). A package "installed for a user, but not provisioned for all users" is the usual cause on Windows 10/11; without --generalize the image is made as usual.`,
        });
    }
}
function stepFailed(message) {
    return new errors/* BuildError */.zS('guest-step-failed', `Preparing the guest for sysprep: ${message}`, {
        hint: 'Rerun with --keep-work-dir to look at the disk, or bake without --generalize.',
    });
}
function failure(result) {
    // PowerShell's error record starts with the message; the lines after it say where.
    const said = lines(result.stderr)[0] ?? lastLine(result.stdout) ?? '(no output)';
    return `exit code ${String(result.code)}: ${said}`;
}
function lines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
function lastLine(text) {
    return lines(text).at(-1);
}

// EXTERNAL MODULE: ./src/bake/steps/firmware-state.ts
var firmware_state = __webpack_require__(44644);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: ./src/tools/child-env.ts
var child_env = __webpack_require__(24471);
;// CONCATENATED MODULE: ./src/tools/sudo.ts
/**
 * Running a command as root through `sudo -n`, which fails at once instead of asking for a password (a
 * GitHub-hosted runner's user has passwordless sudo; elsewhere sudo refuses and the caller falls back or
 * names the fix). Programs are given by absolute path: sudo's secure_path would otherwise pick its own.
 */


/** `sudo -n program args…`. Pure. */
function sudoArgv(sudo, ...argv) {
    return [sudo, '-n', ...argv];
}
/** Whether sudo's own words say it refused (no passwordless rule), rather than the command failing. */
function sudoRefused(output) {
    return /password is required|not allowed|may not run|not in the sudoers/i.test(output);
}
/** Runs one command; its exit code (null: it did not start) and what it wrote on stderr. */
function runSudo(command, signal) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)(command.argv[0], command.argv.slice(1), {
            env: (0,child_env/* childEnvironment */.Q)(),
            stdio: ['pipe', 'ignore', 'pipe'],
            signal,
        });
        let output = '';
        child.stderr.on('data', (chunk) => (output += chunk.toString()));
        child.on('error', (error) => resolve({ code: null, output: error.message }));
        child.on('close', (code) => resolve({ code, output }));
        child.stdin.on('error', () => undefined); // a sudo that refuses exits before reading
        child.stdin.end(command.input ?? '');
    });
}
/** Runs `commands` in order, each said in `log` first; stops at the first that fails and returns it. */
async function runSudoCommands(commands, log, signal) {
    for (const command of commands) {
        log(`${command.argv.join(' ')}: ${command.why}`);
        const { code, output } = await runSudo(command, signal);
        if (code !== 0)
            return { command, code, output, refused: sudoRefused(output) };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/tools/kvm-access.ts
/**
 * Letting this user open /dev/kvm, as GitHub-hosted runners need: the device is there (nested
 * virtualisation) but root-only until a udev rule opens it up (reactivecircus/android-emulator-runner's
 * recipe). The decision and the sudo commands are pure; enableKvmAccess runs them through `sudo -n`, which
 * fails at once instead of asking for a password, and waits (bounded) until the device opens.
 * Without a running udevd (a container) a rule does nothing, so the device itself gets chmod 0666 instead.
 */






/** The `enable-kvm` input: auto (when needed), true (also with accel tcg, and a failure is always an error), false (never). */
const ENABLE_KVM_MODES = (/* unused pure expression or super */ null && (['auto', 'true', 'false']));
/** The rule android-emulator-runner documents: everyone may open kvm; static_node keeps it so at boot. */
const KVM_UDEV_RULE = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"';
const SYSTEM_KVM_PATHS = {
    device: '/dev/kvm',
    rulesFile: '/etc/udev/rules.d/99-kvm4all.rules',
    udevControl: '/run/udev/control',
    cpuinfo: '/proc/cpuinfo',
};
/**
 * Whether this process can open the device read-write, by opening it: access() and mode bits tell nothing
 * for root, and nothing about ACLs or a group membership that needs a new login.
 */
function probeKvmDevice(device) {
    try {
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(device, 'r+'));
        return { state: 'usable' };
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return { state: 'missing' };
        if (code === 'EACCES' || code === 'EPERM')
            return { state: 'denied' };
        return { state: 'unusable', detail: error.message };
    }
}
/** What to do about the device: leave it, or open it up for this user. Pure. */
function kvmAccessAction(mode, accel, state) {
    if (mode === 'false' || state !== 'denied')
        return 'leave';
    // tcg does not need KVM: only an explicit true touches the host then.
    return accel === 'tcg' && mode === 'auto' ? 'leave' : 'enable';
}
/**
 * The commands that open up the device, each through `sudo -n` with absolute program paths (sudo's
 * secure_path would otherwise pick its own): with udevd, the rule, a reload and a trigger; without, chmod.
 * Pure.
 */
function enableCommands(paths, programs, udevRunning) {
    const sudo = (...argv) => sudoArgv(programs.sudo, ...argv);
    if (!udevRunning) {
        return [
            {
                argv: sudo(programs.chmod, '0666', paths.device),
                why: `udevd is not running (no ${paths.udevControl}): a rule would do nothing, so the device itself is opened up`,
            },
        ];
    }
    // udev matches /dev/kvm by its name under /dev; a device elsewhere (a test's) by its path.
    const name = paths.device.startsWith('/dev/') ? paths.device.slice('/dev/'.length) : paths.device;
    return [
        {
            argv: sudo(programs.tee, paths.rulesFile),
            input: `${KVM_UDEV_RULE}\n`,
            why: `the udev rule ${KVM_UDEV_RULE}`,
        },
        { argv: sudo(programs.udevadm, 'control', '--reload-rules'), why: 'udev reads its rules again' },
        {
            argv: sudo(programs.udevadm, 'trigger', `--name-match=${name}`),
            why: 'udev applies them to the device',
        },
    ];
}
/** The fix when this user cannot get at the device: said by every failure here. */
function kvmAccessHint(paths) {
    return (`Give the runner user passwordless sudo (GitHub-hosted runners have it), or open the device once by hand: ` +
        `add the user to the kvm group (sudo usermod -aG kvm $USER, then log in again), or write ${paths.rulesFile} ` +
        `with ${KVM_UDEV_RULE} and run udevadm control --reload-rules; udevadm trigger --name-match=kvm. ` +
        'enable-kvm: false leaves the host alone; accel: tcg runs without KVM, but only for tests.');
}
/**
 * Opens up the device for this user and waits until it opens (at most `waitMs`, polling: udev applies a
 * trigger asynchronously and there is no event to wait for from here). A BuildError when sudo is refused,
 * a command fails, or the device still does not open.
 */
async function enableKvmAccess(paths, logger, { waitMs = 10_000, signal } = {}) {
    const sudo = (0,exec/* findOnPath */.aY)('sudo');
    if (!sudo) {
        throw new errors/* BuildError */.zS('kvm-unavailable', `${paths.device} exists but this user may not open it, and there is no sudo to change that`, {
            hint: kvmAccessHint(paths),
        });
    }
    const programs = {
        sudo,
        tee: (0,exec/* findOnPath */.aY)('tee') ?? 'tee',
        udevadm: (0,exec/* findOnPath */.aY)('udevadm') ?? (0,exec/* findOnPath */.aY)('udevadm', '/usr/bin:/bin:/usr/sbin:/sbin') ?? 'udevadm',
        chmod: (0,exec/* findOnPath */.aY)('chmod') ?? 'chmod',
    };
    const commands = enableCommands(paths, programs, (0,external_node_fs_.existsSync)(paths.udevControl));
    const failed = await runSudoCommands(commands, (line) => logger.info(line), signal);
    if (failed) {
        const { command, code, output } = failed;
        throw new errors/* BuildError */.zS('kvm-unavailable', failed.refused
            ? `${paths.device} exists but this user may not open it, and sudo -n refused to change that: ${output.trim().split('\n')[0]}`
            : `Could not open up ${paths.device} for this user: ${external_node_path_default().basename(command.argv[2] ?? '')} ${code === null ? 'did not start' : `exited with ${code}`}: ${output.trim() || '(no output)'}`, { hint: kvmAccessHint(paths) });
    }
    const deadline = Date.now() + waitMs;
    for (;;) {
        const { state } = probeKvmDevice(paths.device);
        if (state === 'usable') {
            logger.info(`${paths.device} opens read-write for this user now.`);
            return;
        }
        if (Date.now() >= deadline)
            break;
        await (0,external_node_timers_promises_.setTimeout)(100, undefined, { signal });
    }
    throw new errors/* BuildError */.zS('kvm-unavailable', `${paths.device} still does not open for this user ${waitMs / 1000} s after the udev rule was applied`, { hint: kvmAccessHint(paths) });
}
/** Whether KVM can run a VM here: the device opens read-write and the CPU has VMX/SVM. */
function kvmUsable(cpuinfo = SYSTEM_KVM_PATHS.cpuinfo, device = SYSTEM_KVM_PATHS.device) {
    const probe = probeKvmDevice(device);
    if (probe.state === 'missing')
        return { ok: false, reason: `${device} does not exist (no KVM on this host)` };
    if (probe.state === 'denied')
        return { ok: false, reason: `${device} exists but this user may not open it` };
    if (probe.state === 'unusable')
        return { ok: false, reason: `${device} cannot be opened: ${probe.detail}` };
    // A nested VM can have /dev/kvm without hardware virtualisation exposed to it: QEMU then fails to start.
    try {
        if (!/^flags\s*:.*\b(vmx|svm)\b/m.test((0,external_node_fs_.readFileSync)(cpuinfo, 'utf8'))) {
            return { ok: false, reason: '/dev/kvm exists, but the CPU shows no hardware virtualisation (vmx/svm)' };
        }
    }
    catch {
        // No /proc/cpuinfo: trust the device.
    }
    return { ok: true };
}
/** kvm when usable (auto, kvm), tcg when asked for; a clear error otherwise. */
function resolveAccel(accel, where = SYSTEM_KVM_PATHS) {
    if (accel === 'tcg')
        return 'tcg';
    const kvm = kvmUsable(where.cpuinfo, where.device);
    if (kvm.ok)
        return 'kvm';
    throw new errors/* BuildError */.zS('kvm-unavailable', `KVM is not usable: ${kvm.reason}`, {
        hint: 'Run on a host with hardware virtualisation and add this user to the kvm group (sudo usermod -aG kvm $USER, then log in again), ' +
            'or grant access with a udev rule (KERNEL=="kvm", GROUP="kvm", MODE="0660"). ' +
            '--accel tcg runs without KVM, but only for tests: a Windows install under TCG takes many hours.',
    });
}

;// CONCATENATED MODULE: ./src/media/image-file.ts
/**
 * A disc image opened for positional reads: every read names its offset, nothing is read that is not asked
 * for, and a read that runs past the end of the file is an error naming the image (a truncated download is
 * the usual cause).
 */


/** Largest single read handed to the kernel; longer reads are split (FileHandle.read takes at most 2 GiB). */
const MAX_READ_CHUNK = 64 * 1024 * 1024;
class ImageFile {
    path;
    handle;
    size;
    constructor(
    /** The path the image was opened by, for messages. */
    path, handle, 
    /** Size in bytes; undefined for block devices, whose stat size is 0. */
    size) {
        this.path = path;
        this.handle = handle;
        this.size = size;
    }
    static async open(path) {
        let handle;
        try {
            handle = await (0,promises_.open)(path, 'r');
        }
        catch (error) {
            throw openError(path, error);
        }
        try {
            const stats = await handle.stat();
            if (stats.isDirectory()) {
                throw new errors/* BuildError */.zS('input-invalid', `${path} is a directory, not a disc image`, {
                    hint: 'Give the path of the .iso file.',
                });
            }
            return new ImageFile(path, handle, stats.isFile() ? stats.size : undefined);
        }
        catch (error) {
            await handle.close();
            throw error instanceof errors/* BuildError */.zS ? error : openError(path, error);
        }
    }
    /**
     * Exactly `length` bytes at `position`; throws input-invalid naming `what` when the image ends first.
     */
    async read(position, length, what) {
        const buffer = Buffer.alloc(length);
        const got = await this.readInto(buffer, 0, length, position);
        if (got < length) {
            throw new errors/* BuildError */.zS('input-invalid', `${this.path} is truncated: ${what} lies at bytes ${position}–${position + length} but the image ends at ${position + got}`, { hint: 'The image is incomplete or damaged; download it again and compare its checksum.' });
        }
        return buffer;
    }
    /** Reads up to `length` bytes into `target` at `targetOffset`; returns how many (fewer only at the end). */
    async readInto(target, targetOffset, length, position) {
        let done = 0;
        while (done < length) {
            const chunk = Math.min(length - done, MAX_READ_CHUNK);
            let bytesRead;
            try {
                ({ bytesRead } = await this.handle.read(target, targetOffset + done, chunk, position + done));
            }
            catch (error) {
                throw new errors/* BuildError */.zS('input-unreadable', `${this.path} cannot be read at byte ${position + done}: ${error.message}`, { hint: 'Check the disk and the file; a damaged medium gives I/O errors.', cause: error });
            }
            if (bytesRead === 0)
                break;
            done += bytesRead;
        }
        return done;
    }
    close() {
        return this.handle.close();
    }
}
/** The error for a disc image whose structures are damaged or unsupported: names the image and what is wrong. */
function malformed(image, problem, hint = MALFORMED_HINT) {
    return new errors/* BuildError */.zS('input-invalid', `${image}: ${problem}`, { hint });
}
const MALFORMED_HINT = 'The image is damaged or is not an installation disc image; download it again and compare its checksum.';
function openError(path, error) {
    const code = error.code;
    if (code === 'ENOENT') {
        return new errors/* BuildError */.zS('input-missing', `${path} does not exist`, {
            hint: 'Check the path of the disc image.',
            cause: error,
        });
    }
    return new errors/* BuildError */.zS('input-unreadable', `${path} cannot be read: ${error.message}`, {
        hint: 'Check the file permissions (the build needs to read it).',
        cause: error,
    });
}

;// CONCATENATED MODULE: ./src/media/iso9660-records.ts
/**
 * ISO 9660 structures parsed from bytes (ECMA-119, Joliet 1995, SUSP/RRIP 1.12): the volume descriptors from
 * sector 16 (and whether a UDF recognition sequence is among them), directory records, identifiers, and the
 * SUSP entries of a system use area that carry Rock Ridge names. Pure functions; iso9660.ts does the reading.
 */
const SECTOR = 2048;
/** Volume descriptors start at sector 16, after the system area. */
const DESCRIPTORS_OFFSET = 16 * SECTOR;
/** Descriptors scanned from sector 16: the ISO 9660 set plus a UDF recognition sequence end well before. */
const DESCRIPTOR_SCAN_SECTORS = 32;
/** Pure: the volume descriptors in the sectors from 16 on (`sectors` starts at byte 32768). */
function scanVolumeDescriptors(sectors) {
    const found = { udf: false };
    for (let at = 0; at + SECTOR <= sectors.length; at += SECTOR) {
        const type = sectors[at];
        const id = sectors.toString('latin1', at + 1, at + 6);
        if (id === 'CD001') {
            if (type === 1 && !found.primary)
                found.primary = parseVolume(sectors.subarray(at, at + SECTOR), false);
            if (type === 2 && !found.joliet && isJoliet(sectors.subarray(at + 88, at + 120))) {
                found.joliet = parseVolume(sectors.subarray(at, at + SECTOR), true);
            }
            // Type 255 ends the ISO 9660 set, but a UDF recognition sequence may follow: keep going.
        }
        else if (id === 'NSR02' || id === 'NSR03') {
            found.udf = true;
        }
        else if (['BEA01', 'TEA01', 'BOOT2', 'CDW02'].includes(id) || isZero(sectors, at, at + 7)) {
            // Recognition sequence members, and the empty sectors UDF with 4 KiB blocks leaves between them.
        }
        else {
            break;
        }
    }
    return found;
}
/** Joliet marks its supplementary descriptor with a UCS-2 escape sequence: %/@, %/C or %/E (levels 1–3). */
function isJoliet(escapes) {
    return escapes[0] === 0x25 && escapes[1] === 0x2f && [0x40, 0x43, 0x45].includes(escapes[2] ?? 0);
}
function parseVolume(descriptor, joliet) {
    const rawId = descriptor.subarray(40, 72);
    return {
        volumeId: (joliet ? ucs2be(rawId) : rawId.toString('latin1')).replace(/[\s\0]+$/, ''),
        blockSize: descriptor.readUInt16LE(128),
        root: parseDirectoryRecord(descriptor, 156),
    };
}
/** Pure: one directory record; its length byte is not checked here (see parseDirectory). */
function parseDirectoryRecord(buffer, at) {
    const length = buffer[at] ?? 0;
    const nameLength = buffer[at + 32] ?? 0;
    const nameEnd = at + 33 + nameLength;
    // The identifier is padded to an even length; the system use area follows.
    const systemUse = nameEnd + (nameLength % 2 === 0 ? 1 : 0);
    return {
        extent: buffer.readUInt32LE(at + 2),
        xarLength: buffer[at + 1] ?? 0,
        dataLength: buffer.readUInt32LE(at + 10),
        flags: buffer[at + 25] ?? 0,
        identifier: buffer.subarray(at + 33, nameEnd),
        systemUse: buffer.subarray(Math.min(systemUse, at + length), at + length),
    };
}
/**
 * Pure: the records of a directory extent. Records never cross a block boundary; a zero length byte means
 * the rest of the block is padding. Returns undefined (damage) on a record that does not fit.
 */
function parseDirectory(data, blockSize) {
    const records = [];
    let at = 0;
    while (at < data.length) {
        const length = data[at] ?? 0;
        if (length === 0) {
            at = (Math.floor(at / blockSize) + 1) * blockSize;
            continue;
        }
        const blockEnd = (Math.floor(at / blockSize) + 1) * blockSize;
        if (length < 34 || at + length > Math.min(blockEnd, data.length) || 33 + (data[at + 32] ?? 0) > length) {
            return undefined;
        }
        records.push(parseDirectoryRecord(data, at));
        at += length;
    }
    return records;
}
/** Pure: an ISO 9660 identifier without its ";1" version and the "." of an extension-less name. */
function isoName(identifier) {
    const name = identifier.replace(/;\d*$/, '');
    return name.endsWith('.') && name !== '.' ? name.slice(0, -1) : name;
}
/** Pure: UCS-2/UTF-16 big-endian text. */
function ucs2be(bytes) {
    const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    return swapped.swap16().toString('utf16le');
}
/** Pure: the SUSP entries of one system use (or continuation) area, added to `into`. */
function parseSusp(area, into) {
    const result = into ?? { name: [], nameContinues: false, relocated: false };
    result.continuation = undefined;
    let at = 0;
    while (at + 4 <= area.length) {
        const signature = area.toString('latin1', at, at + 2);
        const length = area[at + 2] ?? 0;
        if (length < 4 || at + length > area.length)
            break;
        const entry = area.subarray(at, at + length);
        if (signature === 'SP' && length >= 7 && entry[4] === 0xbe && entry[5] === 0xef) {
            result.sharing = { skip: entry[6] ?? 0 };
        }
        else if (signature === 'CE' && length >= 28) {
            result.continuation = {
                block: entry.readUInt32LE(4),
                offset: entry.readUInt32LE(12),
                length: entry.readUInt32LE(20),
            };
        }
        else if (signature === 'NM' && length >= 5) {
            const flags = entry[4] ?? 0;
            // CURRENT/PARENT (2, 4) name "." and "..": not names of their own.
            if ((flags & 0x06) === 0 && (result.name.length === 0 || result.nameContinues)) {
                result.name.push(entry.subarray(5));
                result.nameContinues = (flags & 0x01) !== 0;
            }
        }
        else if (signature === 'RE') {
            result.relocated = true;
        }
        else if (signature === 'ST') {
            break;
        }
        at += length;
    }
    return result;
}
function isZero(buffer, from, to) {
    for (let i = from; i < to; i++)
        if (buffer[i] !== 0)
            return false;
    return true;
}

;// CONCATENATED MODULE: ./src/media/iso9660.ts


/** No real directory comes near this; a larger size is damage, and reading it would waste memory. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Rock Ridge continuation areas followed per record. */
const MAX_CONTINUATIONS = 8;
const FLAG_DIRECTORY = 0x02;
const FLAG_ASSOCIATED = 0x04;
const FLAG_MULTI_EXTENT = 0x80;
/** Reads an ISO 9660 volume (primary or Joliet tree) through positional reads. */
class Iso9660Backend {
    file;
    joliet;
    rockRidge;
    kind;
    volumeLabel;
    root;
    blockSize;
    constructor(file, volume, joliet, 
    /** Rock Ridge in use (primary tree only), with its SUSP skip length. */
    rockRidge, volumeLabel) {
        this.file = file;
        this.joliet = joliet;
        this.rockRidge = rockRidge;
        this.kind = joliet ? 'joliet' : 'iso9660';
        this.volumeLabel = volumeLabel;
        this.blockSize = volume.blockSize;
        this.root = this.node('', volume.root, [volume.root]);
    }
    /** The Joliet tree when there is one, else the primary tree (with Rock Ridge names when present). */
    static async open(file, descriptors) {
        const volume = descriptors.joliet ?? descriptors.primary;
        if (!volume)
            throw malformed(file.path, 'no ISO 9660 primary volume descriptor at sector 16');
        if (![512, 1024, 2048, 4096].includes(volume.blockSize)) {
            throw malformed(file.path, `ISO 9660 logical block size ${volume.blockSize} is invalid`);
        }
        // Joliet's volume id holds 16 characters, the primary one 32: "virtio-win-0.1.262" survives only in the
        // primary. Take the longer of the two when one extends the other.
        const jolietLabel = descriptors.joliet?.volumeId ?? '';
        const primaryLabel = descriptors.primary?.volumeId ?? '';
        const label = primaryLabel.length > jolietLabel.length &&
            primaryLabel.toLowerCase().startsWith(jolietLabel.toLowerCase())
            ? primaryLabel
            : volume.volumeId || primaryLabel;
        const joliet = volume === descriptors.joliet;
        let rockRidge;
        if (!joliet) {
            // Rock Ridge announces itself with an SP entry in the "." record of the root directory.
            const first = await file.read(volume.root.extent * volume.blockSize, volume.blockSize, 'the root directory');
            const records = parseDirectory(first, volume.blockSize);
            const dot = records?.[0];
            if (dot)
                rockRidge = parseSusp(dot.systemUse).sharing;
        }
        return new Iso9660Backend(file, volume, joliet, rockRidge, label);
    }
    async children(directory) {
        const extent = directory.extents[0];
        if (!extent || extent.length === 0)
            return [];
        if (extent.length > MAX_DIRECTORY_BYTES) {
            throw malformed(this.file.path, `directory "${directory.name}" claims ${extent.length} bytes`);
        }
        const data = await this.file.read(extent.position, extent.length, `directory "${directory.name || '/'}"`);
        const records = parseDirectory(data, this.blockSize);
        if (!records)
            throw malformed(this.file.path, `directory "${directory.name || '/'}" has a damaged record`);
        const nodes = [];
        for (let i = 0; i < records.length; i++) {
            const record = records[i];
            if (isSelfOrParent(record) || record.flags & FLAG_ASSOCIATED)
                continue;
            // A multi-extent file: this record and the following ones of the same name, up to one without the flag.
            const parts = [record];
            while (parts[parts.length - 1].flags & FLAG_MULTI_EXTENT) {
                const next = records[i + 1];
                if (!next || !next.identifier.equals(record.identifier)) {
                    throw malformed(this.file.path, `multi-extent file "${this.rawName(record)}" has no final extent`);
                }
                parts.push(next);
                i++;
            }
            const name = await this.recordName(record);
            if (name !== undefined)
                nodes.push(this.node(name, record, parts));
        }
        return nodes;
    }
    async sizes(nodes) {
        return nodes.map((node) => node.size);
    }
    async read(file, offset, length) {
        const wanted = Math.max(0, Math.min(length, file.size - offset));
        const out = Buffer.alloc(wanted);
        let start = 0;
        for (const extent of file.extents) {
            const from = Math.max(offset, start);
            const to = Math.min(offset + wanted, start + extent.length);
            if (from < to) {
                const where = extent.position + (from - start);
                const got = await this.file.readInto(out, from - offset, to - from, where);
                if (got < to - from) {
                    throw malformed(this.file.path, `is truncated: "${file.name}" lies past the end of the image`);
                }
            }
            start += extent.length;
        }
        return out;
    }
    node(name, record, parts) {
        const extents = parts.map((part) => ({
            position: (part.extent + part.xarLength) * this.blockSize,
            length: part.dataLength,
        }));
        return {
            name,
            isDirectory: (record.flags & FLAG_DIRECTORY) !== 0,
            size: extents.reduce((sum, extent) => sum + extent.length, 0),
            extents,
        };
    }
    rawName(record) {
        return this.joliet ? ucs2be(record.identifier) : record.identifier.toString('latin1');
    }
    /** The name to show; undefined for an entry to hide (a relocated Rock Ridge directory). */
    async recordName(record) {
        if (this.rockRidge) {
            let susp = parseSusp(record.systemUse.subarray(this.rockRidge.skip));
            for (let hops = 0; susp.continuation && hops < MAX_CONTINUATIONS; hops++) {
                const { block, offset, length } = susp.continuation;
                if (length > this.blockSize)
                    break;
                const area = await this.file.read(block * this.blockSize + offset, length, 'a Rock Ridge continuation area');
                susp = parseSusp(area, susp);
            }
            if (susp.relocated)
                return undefined;
            if (susp.name.length > 0)
                return Buffer.concat(susp.name).toString('utf8');
        }
        return isoName(this.rawName(record));
    }
}
function isSelfOrParent(record) {
    return record.identifier.length === 1 && (record.identifier[0] === 0 || record.identifier[0] === 1);
}

;// CONCATENATED MODULE: ./src/media/udf-descriptors.ts
/**
 * UDF descriptors (ECMA-167 3/7, 3/10, 4/14 with the OSTA UDF profile), parsed from bytes: tags, OSTA CS0
 * strings, allocation descriptors, partition maps, the volume descriptor sequence, file entries and file
 * identifiers. Pure functions; udf.ts does the reading.
 */

/** Descriptor tag identifiers. */
const Tag = {
    AnchorPointer: 2,
    VolumePointer: 3,
    Partition: 5,
    LogicalVolume: 6,
    Terminating: 8,
    FileSet: 256,
    FileIdentifier: 257,
    AllocationExtent: 258,
    Indirect: 259,
    Terminal: 260,
    FileEntry: 261,
    ExtendedFileEntry: 266,
};
/** File identifier characteristics. */
const FID_DIRECTORY = 0x02;
const FID_DELETED = 0x04;
const FID_PARENT = 0x08;
/** ECMA-167 3/7.2.3: the tag checksum is the byte sum of the 16-byte tag without byte 4 itself. */
function tagChecksum(buffer, at = 0) {
    let sum = 0;
    for (let i = 0; i < 16; i++)
        if (i !== 4)
            sum += buffer[at + i] ?? 0;
    return sum & 0xff;
}
/** The identifier of a valid descriptor tag at `at`, or undefined when the checksum does not match. */
function tagId(buffer, at = 0) {
    if (buffer.length < at + 16 || tagChecksum(buffer, at) !== buffer[at + 4])
        return undefined;
    const id = buffer.readUInt16LE(at);
    return id === 0 && buffer.readUInt32LE(at + 12) === 0 && buffer[at + 4] === 0 ? undefined : id;
}
/** The block a tag says it was recorded at. */
function tagLocation(buffer, at = 0) {
    return buffer.readUInt32LE(at + 12);
}
/** Pure: OSTA CS0 "compressed unicode": a compression id (8 or 16 bits per character) then the characters. */
function decodeCs0(bytes) {
    if (bytes.length === 0)
        return '';
    const id = bytes[0];
    const body = bytes.subarray(1);
    if (id === 8 || id === 254)
        return body.toString('latin1');
    if (id === 16 || id === 255) {
        const even = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
        return even.swap16().toString('utf16le');
    }
    return undefined;
}
/** Pure: a fixed-size dstring field: CS0 text whose length is the field's last byte. */
function decodeDstring(field) {
    const length = field[field.length - 1] ?? 0;
    if (length === 0 || length >= field.length)
        return '';
    return (decodeCs0(field.subarray(0, length)) ?? '').replace(/\0+$/, '');
}
/** Pure: a long_ad (16 bytes): extent length and type, logical block, partition reference. */
function parseLongAd(buffer, at) {
    const raw = buffer.readUInt32LE(at);
    return {
        type: raw >>> 30,
        length: raw & 0x3fffffff,
        block: buffer.readUInt32LE(at + 4),
        partition: buffer.readUInt16LE(at + 8),
    };
}
const AdType = { Short: 0, Long: 1, Extended: 2, Embedded: 3 };
/**
 * Pure: allocation descriptors of `type` (short/long/extended). Short ones inherit the partition of their
 * file entry. A zero length ends the list; type 3 points at a block with more descriptors, returned as `next`.
 */
function parseAllocationDescriptors(area, type, partition) {
    const size = type === AdType.Short ? 8 : type === AdType.Long ? 16 : 20;
    const extents = [];
    for (let at = 0; at + size <= area.length; at += size) {
        let extent;
        if (type === AdType.Short) {
            const raw = area.readUInt32LE(at);
            extent = { type: raw >>> 30, length: raw & 0x3fffffff, block: area.readUInt32LE(at + 4), partition };
        }
        else if (type === AdType.Long) {
            extent = parseLongAd(area, at);
        }
        else {
            // ext_ad: extent length, recorded length, information length, then the lb_addr.
            const raw = area.readUInt32LE(at);
            extent = {
                type: raw >>> 30,
                length: raw & 0x3fffffff,
                block: area.readUInt32LE(at + 12),
                partition: area.readUInt16LE(at + 16),
            };
        }
        if (extent.length === 0)
            break;
        if (extent.type === 3)
            return { extents, next: extent };
        extents.push(extent);
    }
    return { extents };
}
/** Pure: the partition maps of a logical volume descriptor. */
function parseLogicalVolume(lvd, source) {
    const tableLength = lvd.readUInt32LE(264);
    const count = lvd.readUInt32LE(268);
    const maps = [];
    let at = 440;
    const end = Math.min(lvd.length, 440 + tableLength);
    for (let i = 0; i < count; i++) {
        const type = lvd[at];
        const length = lvd[at + 1] ?? 0;
        if (length < 6 || at + length > end)
            throw malformed(source, 'the UDF partition map table is damaged');
        if (type === 1) {
            maps.push({ kind: 'physical', partitionNumber: lvd.readUInt16LE(at + 4) });
        }
        else if (type === 2 && length >= 40) {
            const identifier = lvd.toString('latin1', at + 5, at + 28).replace(/\0+$/, '');
            const partitionNumber = lvd.readUInt16LE(at + 38);
            if (identifier === '*UDF Metadata Partition' && length >= 48) {
                maps.push({
                    kind: 'metadata',
                    partitionNumber,
                    metadataFile: lvd.readUInt32LE(at + 40),
                    mirrorFile: lvd.readUInt32LE(at + 44),
                });
            }
            else {
                maps.push({ kind: 'other', partitionNumber, identifier });
            }
        }
        else {
            throw malformed(source, `UDF partition map ${i} has unknown type ${type}`);
        }
        at += length;
    }
    return {
        volumeId: decodeDstring(lvd.subarray(84, 212)),
        blockSize: lvd.readUInt32LE(212),
        fileSet: parseLongAd(lvd, 248),
        maps,
    };
}
/**
 * Pure: the descriptors of one volume descriptor sequence extent (added to `into`). Of several copies of a
 * descriptor, the one with the highest sequence number prevails. Returns undefined on a damaged descriptor.
 */
function parseVolumeSequence(blocks, blockSize, into = { partitions: new Map() }) {
    const numbers = new Map();
    into.next = undefined;
    for (let at = 0; at + blockSize <= blocks.length; at += blockSize) {
        const id = tagId(blocks, at);
        if (id === undefined) {
            // Unrecorded blocks end a sequence as well as a terminating descriptor does; damage does not.
            if (blocks.subarray(at, at + 16).every((byte) => byte === 0))
                break;
            return undefined;
        }
        if (id === Tag.Terminating)
            break;
        const descriptor = blocks.subarray(at, at + blockSize);
        const sequenceNumber = descriptor.readUInt32LE(16);
        if (id === Tag.VolumePointer) {
            into.next = { length: descriptor.readUInt32LE(20), location: descriptor.readUInt32LE(24) };
            break;
        }
        else if (id === Tag.Partition) {
            const number = descriptor.readUInt16LE(22);
            if ((numbers.get(`p${number}`) ?? -1) < sequenceNumber) {
                numbers.set(`p${number}`, sequenceNumber);
                into.partitions.set(number, {
                    number,
                    start: descriptor.readUInt32LE(188),
                    length: descriptor.readUInt32LE(192),
                });
            }
        }
        else if (id === Tag.LogicalVolume) {
            if ((numbers.get('lvd') ?? -1) < sequenceNumber) {
                numbers.set('lvd', sequenceNumber);
                into.logicalVolume = Buffer.from(descriptor);
            }
        }
    }
    return into;
}
/** Pure: a File Entry (tag 261) or Extended File Entry (tag 266) block; the caller has checked the tag. */
function parseFileEntry(block, source, what) {
    const tag = block.readUInt16LE(0);
    const extended = tag === Tag.ExtendedFileEntry;
    const header = extended ? 216 : 176;
    const eaLength = block.readUInt32LE(extended ? 208 : 168);
    const adLength = block.readUInt32LE(extended ? 212 : 172);
    if (header + eaLength + adLength > block.length) {
        throw malformed(source, `the UDF file entry of ${what} overflows its block`);
    }
    const size = Number(block.readBigUInt64LE(56));
    if (!Number.isSafeInteger(size))
        throw malformed(source, `the UDF file entry of ${what} has an impossible size`);
    return {
        tag,
        fileType: block[27] ?? 0,
        adType: block.readUInt16LE(34) & 0x07,
        size,
        area: block.subarray(header + eaLength, header + eaLength + adLength),
    };
}
/** Pure: the file identifier descriptors of a directory's data, without the parent and deleted entries. */
function parseFileIdentifiers(data, source, what) {
    const entries = [];
    let at = 0;
    while (at + 38 <= data.length) {
        if (tagId(data, at) !== Tag.FileIdentifier) {
            // Some writers pad the last block of a directory with zeros.
            if (data.subarray(at).every((byte) => byte === 0))
                break;
            throw malformed(source, `directory ${what} has a damaged UDF file identifier at byte ${at}`);
        }
        const characteristics = data[at + 18] ?? 0;
        const nameLength = data[at + 19] ?? 0;
        const useLength = data.readUInt16LE(at + 36);
        const length = 4 * Math.ceil((38 + useLength + nameLength) / 4);
        if (at + 38 + useLength + nameLength > data.length) {
            throw malformed(source, `directory ${what} has a UDF file identifier that runs past its end`);
        }
        if (!(characteristics & (FID_PARENT | FID_DELETED)) && nameLength > 0) {
            const nameStart = at + 38 + useLength;
            const name = decodeCs0(data.subarray(nameStart, nameStart + nameLength));
            if (name === undefined)
                throw malformed(source, `directory ${what} has a name in an unknown encoding`);
            entries.push({
                name,
                isDirectory: (characteristics & FID_DIRECTORY) !== 0,
                icb: parseLongAd(data, at + 20),
            });
        }
        at += length;
    }
    return entries;
}

;// CONCATENATED MODULE: ./src/media/udf-volume.ts
/**
 * Finding a UDF volume in an image: the anchor volume descriptor pointer (sector 256, or near the end, at
 * whichever block size the disc was mastered with), then the volume descriptor sequence it points to (the
 * main one, else its reserve copy), then the logical volume described there and the physical partitions
 * behind its partition maps. udf.ts reads the files.
 */


const ANCHOR_SECTOR = 256;
const BLOCK_SIZES = [2048, 512, 1024, 4096];
/** Bounds on what a damaged image can make us do. */
const LIMITS = { descriptorBlocks: 256, sequenceHops: 16 };
async function findVolume(file) {
    const { blockSize, anchor } = await findAnchor(file);
    const main = { length: anchor.readUInt32LE(16), location: anchor.readUInt32LE(20) };
    const reserve = { length: anchor.readUInt32LE(24), location: anchor.readUInt32LE(28) };
    // The reserve sequence is a copy of the main one, there for when the main one is damaged.
    const sequence = (await readVolumeSequence(file, main, blockSize)) ?? (await readVolumeSequence(file, reserve, blockSize));
    if (!sequence?.logicalVolume) {
        throw malformed(file.path, 'the UDF volume descriptor sequence has no valid logical volume descriptor');
    }
    const volume = parseLogicalVolume(sequence.logicalVolume, file.path);
    if (volume.blockSize !== blockSize) {
        throw malformed(file.path, `UDF logical block size ${volume.blockSize} differs from the sector size ${blockSize}`);
    }
    const physical = volume.maps.map((map) => {
        if (map.kind === 'other') {
            throw malformed(file.path, `its UDF volume uses a "${map.identifier}" partition, which is not supported (only pressed or mastered discs are)`, 'Use the ISO image as downloaded from Microsoft, or remaster it with a tool that writes plain UDF.');
        }
        const descriptor = sequence.partitions.get(map.partitionNumber);
        if (!descriptor) {
            throw malformed(file.path, `UDF partition ${map.partitionNumber} has no partition descriptor`);
        }
        return { start: descriptor.start, length: descriptor.length };
    });
    return { blockSize, volume, physical };
}
async function findAnchor(file) {
    const candidates = BLOCK_SIZES.map((size) => [size, ANCHOR_SECTOR]);
    if (file.size !== undefined) {
        // A disc that lost sector 256 still has anchors in its last sector and 256 sectors before that.
        for (const size of BLOCK_SIZES) {
            const last = Math.floor(file.size / size) - 1;
            candidates.push([size, last], [size, last - ANCHOR_SECTOR]);
        }
    }
    for (const [blockSize, sector] of candidates) {
        if (sector < ANCHOR_SECTOR)
            continue;
        if (file.size !== undefined && (sector + 1) * blockSize > file.size)
            continue;
        const anchor = await file.read(sector * blockSize, blockSize, 'the UDF anchor volume descriptor pointer');
        // The recorded location tells a real anchor from a block that merely looks like one at another block size.
        if (tagId(anchor) === Tag.AnchorPointer && tagLocation(anchor) === sector)
            return { blockSize, anchor };
    }
    throw malformed(file.path, 'it has a UDF recognition sequence but no UDF anchor volume descriptor pointer (sector 256 and the last sector are not anchors)');
}
async function readVolumeSequence(file, extent, blockSize) {
    let sequence = { partitions: new Map() };
    let next = extent;
    for (let hops = 0; next && hops < LIMITS.sequenceHops; hops++) {
        const blocks = Math.min(Math.ceil(next.length / blockSize), LIMITS.descriptorBlocks);
        if (blocks === 0)
            break;
        let data;
        try {
            data = await file.read(next.location * blockSize, blocks * blockSize, 'the UDF volume descriptor sequence');
        }
        catch {
            return undefined;
        }
        sequence = parseVolumeSequence(data, blockSize, sequence);
        if (!sequence)
            return undefined;
        next = sequence.next;
    }
    return sequence.logicalVolume && sequence.partitions.size > 0 ? sequence : undefined;
}

;// CONCATENATED MODULE: ./src/media/udf.ts



/** Bounds on what a damaged image can make us do. */
const udf_LIMITS = {
    indirectHops: 16,
    allocationExtentHops: 4096,
    extents: 1 << 20,
    directoryBytes: 64 * 1024 * 1024,
    /** Neighbouring file entries read in one go when listing a directory. */
    entryRunBlocks: 256,
};
const FILE_TYPE_DIRECTORY = 4;
class UdfBackend {
    file;
    blockSize;
    partitions;
    kind = 'udf';
    volumeLabel;
    /** Set by open() once the file set descriptor has been read. */
    root = { name: '', isDirectory: true, icb: { partition: 0, block: 0 } };
    entries = new Map();
    metadataRefs = new Set();
    constructor(file, blockSize, partitions, volumeLabel) {
        this.file = file;
        this.blockSize = blockSize;
        this.partitions = partitions;
        this.volumeLabel = volumeLabel;
    }
    static async open(file) {
        const { blockSize, volume, physical } = await findVolume(file);
        const partitions = physical.map((extent) => ({ kind: 'physical', ...extent }));
        const backend = new UdfBackend(file, blockSize, partitions, volume.volumeId);
        for (const [ref, map] of volume.maps.entries()) {
            if (map.kind === 'metadata') {
                // The metadata file lives in the physical partition: give that its own (unmapped) reference.
                partitions.push({ kind: 'physical', ...physical[ref] });
                await backend.openMetadataPartition(ref, partitions.length - 1, map);
            }
        }
        const fileSet = await backend.readBlock(volume.fileSet, 'the UDF file set descriptor');
        if (tagId(fileSet) !== Tag.FileSet)
            throw malformed(file.path, 'the UDF file set descriptor is damaged');
        backend.root = { name: '', isDirectory: true, icb: parseLongAd(fileSet, 400) };
        return backend;
    }
    async children(directory) {
        const what = `"${directory.name || '/'}"`;
        const entry = await this.entry(directory.icb, what);
        if (!entry.isDirectory)
            throw malformed(this.file.path, `UDF directory ${what} is not a directory`);
        if (entry.size > udf_LIMITS.directoryBytes) {
            throw malformed(this.file.path, `UDF directory ${what} claims ${entry.size} bytes`);
        }
        const data = await this.readData(entry, 0, entry.size, what);
        return parseFileIdentifiers(data, this.file.path, what).map((fid) => ({
            name: fid.name,
            isDirectory: fid.isDirectory,
            icb: { partition: fid.icb.partition, block: fid.icb.block },
        }));
    }
    async sizes(nodes) {
        await this.prefetchEntries(nodes);
        const entries = await Promise.all(nodes.map((node) => this.entry(node.icb, `"${node.name}"`)));
        return entries.map((entry) => entry.size);
    }
    async read(node, offset, length) {
        const entry = await this.entry(node.icb, `"${node.name}"`);
        return this.readData(entry, offset, length, `"${node.name}"`);
    }
    // -- file entries ---------------------------------------------------------------------------------------------
    entry(icb, what, block) {
        const key = `${icb.partition}:${icb.block}`;
        let entry = this.entries.get(key);
        if (!entry) {
            entry = this.loadEntry(icb, what, block);
            this.entries.set(key, entry);
        }
        return entry;
    }
    async loadEntry(icb, what, first) {
        let block = first ?? (await this.readBlock(icb, `the UDF file entry of ${what}`));
        let at = icb;
        for (let hops = 0; tagId(block) === Tag.Indirect; hops++) {
            // An indirect entry (strategy 4096) points at the entry that replaced it.
            if (hops >= udf_LIMITS.indirectHops)
                throw malformed(this.file.path, `the UDF entry of ${what} loops`);
            at = parseLongAd(block, 36);
            block = await this.readBlock(at, `the UDF file entry of ${what}`);
        }
        const tag = tagId(block);
        if (tag !== Tag.FileEntry && tag !== Tag.ExtendedFileEntry) {
            throw malformed(this.file.path, `the UDF file entry of ${what} (block ${at.block} of partition ${at.partition}) is damaged (tag ${tag ?? 'invalid'})`);
        }
        const entry = parseFileEntry(block, this.file.path, what);
        const file = {
            size: entry.size,
            isDirectory: entry.fileType === FILE_TYPE_DIRECTORY,
            extents: [],
        };
        if (entry.adType === AdType.Embedded) {
            if (entry.size > entry.area.length) {
                throw malformed(this.file.path, `the embedded data of ${what} is shorter than its size`);
            }
            file.embedded = Buffer.from(entry.area.subarray(0, entry.size));
            return file;
        }
        if (entry.adType > AdType.Extended) {
            throw malformed(this.file.path, `the UDF file entry of ${what} has unknown allocation type ${entry.adType}`);
        }
        let list = parseAllocationDescriptors(entry.area, entry.adType, at.partition);
        file.extents.push(...list.extents);
        for (let hops = 0; list.next; hops++) {
            // The descriptors continue in an allocation extent descriptor (tag 258) elsewhere.
            if (hops >= udf_LIMITS.allocationExtentHops || file.extents.length > udf_LIMITS.extents) {
                throw malformed(this.file.path, `the allocation descriptors of ${what} do not end`);
            }
            const next = list.next;
            const aed = await this.readBlock(next, `the allocation descriptors of ${what}`);
            if (tagId(aed) !== Tag.AllocationExtent) {
                throw malformed(this.file.path, `the allocation extent descriptor of ${what} is damaged`);
            }
            const length = Math.min(aed.readUInt32LE(20), Math.min(next.length, this.blockSize) - 24);
            list = parseAllocationDescriptors(aed.subarray(24, 24 + Math.max(0, length)), entry.adType, next.partition);
            file.extents.push(...list.extents);
        }
        return file;
    }
    /** Reads the entries of neighbouring nodes in few large reads instead of one read each (for listings). */
    async prefetchEntries(nodes) {
        const pending = nodes
            .filter((node) => !this.entries.has(`${node.icb.partition}:${node.icb.block}`))
            .sort((a, b) => a.icb.partition - b.icb.partition || a.icb.block - b.icb.block);
        let i = 0;
        while (i < pending.length) {
            const first = pending[i];
            let j = i + 1;
            while (j < pending.length &&
                pending[j].icb.partition === first.icb.partition &&
                pending[j].icb.block - first.icb.block < udf_LIMITS.entryRunBlocks) {
                j++;
            }
            const run = pending.slice(i, j);
            const count = run[run.length - 1].icb.block - first.icb.block + 1;
            let blocks;
            try {
                blocks = await this.readPartition(first.icb.partition, first.icb.block * this.blockSize, count * this.blockSize);
            }
            catch {
                // Leave damage to be reported precisely by the per-entry read.
            }
            for (const node of run) {
                const at = (node.icb.block - first.icb.block) * this.blockSize;
                this.entry(node.icb, `"${node.name}"`, blocks?.subarray(at, at + this.blockSize)).catch(() => undefined);
            }
            i = j;
        }
    }
    // -- data -----------------------------------------------------------------------------------------------------
    async readData(file, offset, length, what) {
        const wanted = Math.max(0, Math.min(length, file.size - offset));
        if (wanted === 0)
            return Buffer.alloc(0);
        if (file.embedded)
            return Buffer.from(file.embedded.subarray(offset, offset + wanted));
        const out = Buffer.alloc(wanted);
        let start = 0;
        for (const extent of file.extents) {
            if (start >= offset + wanted)
                break;
            const from = Math.max(offset, start);
            const to = Math.min(offset + wanted, start + extent.length);
            // Types 1 and 2 are allocated-but-unrecorded and sparse extents: zeros, as Buffer.alloc left them.
            if (from < to && extent.type === 0) {
                const bytes = await this.readPartition(extent.partition, extent.block * this.blockSize + (from - start), to - from);
                bytes.copy(out, from - offset);
            }
            start += extent.length;
        }
        if (start < offset + wanted) {
            throw malformed(this.file.path, `the UDF extents of ${what} end at byte ${start}, before its size ${file.size}`);
        }
        return out;
    }
    readBlock(address, what) {
        return this.readPartition(address.partition, address.block * this.blockSize, this.blockSize, what);
    }
    async readPartition(ref, offset, length, what = 'UDF data') {
        const partition = this.partitions[ref];
        if (!partition)
            throw malformed(this.file.path, `${what} refers to UDF partition ${ref}, which does not exist`);
        if (partition.kind === 'metadata') {
            const bytes = await this.readData(partition.file, offset, length, 'the UDF metadata file');
            if (bytes.length < length)
                throw malformed(this.file.path, `${what} lies past the end of the metadata partition`);
            return bytes;
        }
        if (offset + length > partition.length * this.blockSize) {
            throw malformed(this.file.path, `${what} lies past the end of its UDF partition`);
        }
        return this.file.read(partition.start * this.blockSize + offset, length, what);
    }
    /** UDF 2.50+: the metadata partition is the content of a metadata file (or its mirror) in the physical one. */
    async openMetadataPartition(ref, physical, map) {
        if (map.kind !== 'metadata')
            return;
        let lastError;
        for (const block of [map.metadataFile, map.mirrorFile]) {
            try {
                const file = await this.loadEntry({ partition: physical, block }, 'the UDF metadata file');
                // Its extents must lie in a physical partition, or reading it would mean reading itself.
                if (file.extents.some((extent) => extent.partition === ref || this.metadataRefs.has(extent.partition))) {
                    throw malformed(this.file.path, 'the UDF metadata file refers to the metadata partition itself');
                }
                this.partitions[ref] = { kind: 'metadata', file };
                this.metadataRefs.add(ref);
                return;
            }
            catch (error) {
                lastError = error;
            }
        }
        throw lastError;
    }
}

;// CONCATENATED MODULE: ./src/media/disc-fs.ts




/** Path segments resolved below the root, at most: deeper is damage (or a loop) on any real disc. */
const MAX_DEPTH = 64;
/** The volume descriptors from sector 16 on; a file shorter than that area is scanned for what it has. */
async function readVolumeDescriptors(file) {
    const area = Buffer.alloc(DESCRIPTOR_SCAN_SECTORS * SECTOR);
    const got = await file.readInto(area, 0, area.length, DESCRIPTORS_OFFSET);
    return scanVolumeDescriptors(area.subarray(0, got));
}
/** Whether a file is an ISO 9660 or UDF disc image, by its volume descriptors alone (two reads). */
async function isDiscImage(imagePath) {
    const file = await ImageFile.open(imagePath);
    try {
        const descriptors = await readVolumeDescriptors(file);
        return descriptors.udf || descriptors.primary !== undefined || descriptors.joliet !== undefined;
    }
    finally {
        await file.close();
    }
}
async function openDisc(imagePath) {
    const file = await ImageFile.open(imagePath);
    try {
        const descriptors = await readVolumeDescriptors(file);
        let backend;
        if (descriptors.udf) {
            backend = await UdfBackend.open(file);
        }
        else if (descriptors.primary || descriptors.joliet) {
            backend = await Iso9660Backend.open(file, descriptors);
        }
        else {
            throw malformed(imagePath, 'it is not an ISO 9660 or UDF disc image (no volume descriptors at sector 16)', 'Give an .iso file; check that the download is complete.');
        }
        return new DiscImage(file, backend);
    }
    catch (error) {
        await file.close();
        throw error;
    }
}
class DiscImage {
    file;
    backend;
    listings = new Map();
    constructor(file, backend) {
        this.file = file;
        this.backend = backend;
    }
    get imagePath() {
        return this.file.path;
    }
    get kind() {
        return this.backend.kind;
    }
    get volumeLabel() {
        return this.backend.volumeLabel;
    }
    async list(directory) {
        const found = await this.resolve(directory);
        if (!found?.node.isDirectory)
            throw this.notFound(directory, 'directory');
        const children = await this.children(found.node);
        const sizes = await this.backend.sizes(children);
        return children.map((child, i) => this.entry(child, joinPath(found.path, child.name), sizes[i] ?? 0));
    }
    async stat(path) {
        const found = await this.resolve(path);
        if (!found)
            return undefined;
        const [size] = await this.backend.sizes([found.node]);
        return this.entry(found.node, found.path, size ?? 0);
    }
    async read(path, offset, length) {
        if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
            throw new RangeError(`read(${path}): offset and length must be non-negative integers`);
        }
        const found = await this.resolve(path);
        if (!found || found.node.isDirectory)
            throw this.notFound(path, 'file');
        return this.backend.read(found.node, offset, length);
    }
    close() {
        return this.file.close();
    }
    entry(node, path, size) {
        return { name: node.name, path, isDirectory: node.isDirectory, size };
    }
    children(directory) {
        let listing = this.listings.get(directory);
        if (!listing) {
            listing = this.backend.children(directory);
            this.listings.set(directory, listing);
        }
        return listing;
    }
    async resolve(path) {
        const segments = splitPath(path);
        if (segments.length > MAX_DEPTH)
            return undefined;
        let current = { node: this.backend.root, path: '/' };
        for (const segment of segments) {
            if (!current.node.isDirectory)
                return undefined;
            const child = matchName(await this.children(current.node), segment);
            if (!child)
                return undefined;
            current = { node: child, path: joinPath(current.path, child.name) };
        }
        return current;
    }
    notFound(path, what) {
        return malformed(this.file.path, `there is no ${what} "${path}" on the disc (${this.kind})`, 'Check that this is the right disc image.');
    }
}
/** Pure: the segments of a path inside a disc; "/", "\" and repeated separators all split; "." is dropped. */
function splitPath(path) {
    const segments = [];
    for (const segment of path.split(/[\\/]+/)) {
        if (segment === '' || segment === '.')
            continue;
        if (segment === '..')
            segments.pop();
        else
            segments.push(segment);
    }
    return segments;
}
function joinPath(parent, name) {
    return parent.endsWith('/') ? parent + name : `${parent}/${name}`;
}
/**
 * Pure: Windows' case folding of a name: each character upper-cased on its own (so "ß" stays one character,
 * unlike String.toUpperCase).
 */
function foldCase(name) {
    let folded = '';
    for (const char of name) {
        const upper = char.toUpperCase();
        folded += [...upper].length === 1 ? upper : char;
    }
    return folded;
}
/** Pure: the entry of that name: the exact spelling first, else the first one equal but for case. */
function matchName(entries, name) {
    const exact = entries.find((entry) => entry.name === name);
    if (exact)
        return exact;
    const folded = foldCase(name);
    return entries.find((entry) => foldCase(entry.name) === folded);
}

;// CONCATENATED MODULE: ./src/media/xml.ts
/**
 * A small XML parser for documents of a known, simple shape (a WIM's image list): elements, attributes, text,
 * character and the five predefined entity references, comments, CDATA and the XML declaration. No DTDs
 * (so no entity expansion), no namespaces. The action is bundled, so this stays free of dependencies.
 */
class XmlSyntaxError extends Error {
    constructor(message, at) {
        super(`${message} at character ${at}`);
        this.name = 'XmlSyntaxError';
    }
}
const xml_MAX_DEPTH = 64;
const NAME = /[^\s/>=<"'!?]+/y;
const xml_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Pure: the root element of a document; throws XmlSyntaxError on anything malformed. */
function parseXml(text) {
    const stack = [];
    let root;
    let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const expect = (token, what) => {
        const end = text.indexOf(token, at);
        if (end < 0)
            throw new XmlSyntaxError(`unterminated ${what}`, at);
        return end;
    };
    while (at < text.length) {
        const open = text.indexOf('<', at);
        const chunk = text.slice(at, open < 0 ? text.length : open);
        if (chunk) {
            const current = stack[stack.length - 1];
            if (current)
                current.text += decodeEntities(chunk, at);
            else if (chunk.trim())
                throw new XmlSyntaxError('text outside the root element', at);
        }
        if (open < 0)
            break;
        at = open;
        if (text.startsWith('<?', at)) {
            at = expect('?>', 'processing instruction') + 2;
        }
        else if (text.startsWith('<!--', at)) {
            at = expect('-->', 'comment') + 3;
        }
        else if (text.startsWith('<![CDATA[', at)) {
            const end = expect(']]>', 'CDATA section');
            const current = stack[stack.length - 1];
            if (!current)
                throw new XmlSyntaxError('CDATA outside the root element', at);
            current.text += text.slice(at + 9, end);
            at = end + 3;
        }
        else if (text.startsWith('<!', at)) {
            throw new XmlSyntaxError('document type declarations are not supported', at);
        }
        else if (text.startsWith('</', at)) {
            at += 2;
            const name = readName();
            skipSpace();
            if (text[at] !== '>')
                throw new XmlSyntaxError(`malformed end tag </${name}`, at);
            at++;
            const current = stack.pop();
            if (!current || current.name !== name) {
                throw new XmlSyntaxError(`</${name}> does not close <${current?.name ?? '(nothing)'}>`, at);
            }
        }
        else {
            at++;
            const element = { name: readName(), attributes: {}, children: [], text: '' };
            for (;;) {
                const before = at;
                skipSpace();
                if (text.startsWith('/>', at) || text[at] === '>')
                    break;
                if (at === before)
                    throw new XmlSyntaxError(`malformed tag <${element.name}`, at);
                const name = readName();
                skipSpace();
                if (text[at] !== '=')
                    throw new XmlSyntaxError(`attribute ${name} has no value`, at);
                at++;
                skipSpace();
                const quote = text[at];
                if (quote !== '"' && quote !== "'")
                    throw new XmlSyntaxError(`attribute ${name} is not quoted`, at);
                const end = text.indexOf(quote, at + 1);
                if (end < 0)
                    throw new XmlSyntaxError(`unterminated attribute ${name}`, at);
                element.attributes[name] = decodeEntities(text.slice(at + 1, end), at + 1);
                at = end + 1;
            }
            const parent = stack[stack.length - 1];
            if (parent)
                parent.children.push(element);
            else if (root)
                throw new XmlSyntaxError('a second root element', at);
            else
                root = element;
            if (text[at] === '/') {
                at += 2;
            }
            else {
                at++;
                if (stack.length >= xml_MAX_DEPTH)
                    throw new XmlSyntaxError('elements nested too deeply', at);
                stack.push(element);
            }
        }
    }
    if (stack.length > 0)
        throw new XmlSyntaxError(`<${stack[stack.length - 1].name}> is not closed`, at);
    if (!root)
        throw new XmlSyntaxError('no root element', at);
    return root;
    function readName() {
        NAME.lastIndex = at;
        const match = NAME.exec(text);
        if (!match)
            throw new XmlSyntaxError('a name was expected', at);
        at += match[0].length;
        return match[0];
    }
    function skipSpace() {
        while (at < text.length && /\s/.test(text[at]))
            at++;
    }
}
function decodeEntities(raw, at) {
    return raw.replace(/&([^;&\s]*);?/g, (whole, name) => {
        if (!whole.endsWith(';'))
            throw new XmlSyntaxError('an unterminated entity reference', at);
        const numeric = /^#(?:x([0-9a-f]+)|([0-9]+))$/i.exec(name);
        if (numeric) {
            const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
            if (code > 0x10ffff || code === 0)
                throw new XmlSyntaxError(`invalid character reference &${name};`, at);
            return String.fromCodePoint(code);
        }
        const entity = xml_ENTITIES[name];
        if (entity === undefined)
            throw new XmlSyntaxError(`unknown entity &${name};`, at);
        return entity;
    });
}
/** The first child element at a "/"-separated path of names (matched case-insensitively), if any. */
function findElement(element, path) {
    let current = element;
    for (const name of path.split('/')) {
        const wanted = name.toUpperCase();
        current = current?.children.find((child) => child.name.toUpperCase() === wanted);
    }
    return current;
}
/** The trimmed text at a path; undefined when the element is missing or empty. */
function elementText(element, path) {
    const text = findElement(element, path)?.text.trim();
    return text ? text : undefined;
}
/** The child elements of a name (case-insensitive). */
function childElements(element, name) {
    const wanted = name.toUpperCase();
    return element.children.filter((child) => child.name.toUpperCase() === wanted);
}

;// CONCATENATED MODULE: ./src/media/wim.ts
/**
 * The image list of a WIM or ESD (install.wim / install.esd): the 208-byte header, then the XML document it
 * points at, which names each image (edition, version, architecture, languages). The XML is stored
 * uncompressed as UTF-16LE in WIMs and ESDs alike, so no decompressor is needed. Reads go through a callback,
 * so the file can be one inside a disc image.
 */


const WIM_HEADER_SIZE = 208;
const MAGIC = Buffer.from('MSWIM\0\0\0', 'latin1');
const PIPABLE_MAGIC = Buffer.from('WLPWM\0\0\0', 'latin1');
/** Real image lists are tens of KiB (a few MiB with servicing data); beyond this the header is damaged. */
const MAX_XML_BYTES = 64 * 1024 * 1024;
/** Header flags (the MS WIM format documentation). */
const HeaderFlag = {
    Compression: 0x2,
    Spanned: 0x8,
    WriteInProgress: 0x40,
    Xpress: 0x20000,
    Lzx: 0x40000,
    Lzms: 0x80000,
};
/** Resource header flag: the resource is compressed. */
const RESOURCE_COMPRESSED = 0x4;
/** Version of WIMs with solid resources, which is what .esd files are. */
const SOLID_VERSION = 0xe00;
/** Windows' PROCESSOR_ARCHITECTURE_* numbers, as the XML's ARCH element has them. */
const ARCH_NAMES = {
    0: 'x86',
    5: 'arm',
    6: 'ia64',
    9: 'amd64',
    12: 'arm64',
};
/**
 * The header and image list of a WIM/ESD. `source` names the file in messages (e.g. "sources/install.wim in
 * Win11.iso"); `size`, when known, lets a header that points past the end be called what it is.
 */
async function readWimInfo(read, source, size) {
    const header = parseWimHeader(await read(0, WIM_HEADER_SIZE), source);
    const { offset, size: stored, originalSize } = header.xml;
    const length = originalSize || stored;
    if (size !== undefined && offset + length > size) {
        throw invalid(source, `its header puts the XML data at bytes ${offset}–${offset + length}, past its end (${size})`);
    }
    const data = await read(offset, length);
    if (data.length < length)
        throw invalid(source, 'it is truncated: the XML data at its end is incomplete');
    const images = parseWimXml(decodeWimXml(data), source);
    if (images.length !== header.imageCount) {
        throw invalid(source, `its header counts ${header.imageCount} images but its XML describes ${images.length}`);
    }
    return { header, images };
}
/** Pure: the 208-byte WIM header. */
function parseWimHeader(bytes, source) {
    if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PIPABLE_MAGIC)) {
        throw invalid(source, 'it is a pipable WIM, which is not supported', 'Convert it with `wimexport SRC all DEST.wim`.');
    }
    if (bytes.length < WIM_HEADER_SIZE || !bytes.subarray(0, 8).equals(MAGIC)) {
        throw invalid(source, 'it is not a WIM or ESD file (no "MSWIM" signature)');
    }
    const headerSize = bytes.readUInt32LE(8);
    if (headerSize !== WIM_HEADER_SIZE)
        throw invalid(source, `its WIM header size is ${headerSize}, not 208`);
    const flags = bytes.readUInt32LE(16);
    const version = bytes.readUInt32LE(12);
    const header = {
        version,
        flags,
        compression: compressionOf(flags),
        solid: version === SOLID_VERSION,
        chunkSize: bytes.readUInt32LE(20),
        partNumber: bytes.readUInt16LE(40),
        totalParts: bytes.readUInt16LE(42),
        imageCount: bytes.readUInt32LE(44),
        xml: parseResource(bytes, 72),
        bootIndex: bytes.readUInt32LE(120),
    };
    if (flags & HeaderFlag.WriteInProgress) {
        throw invalid(source, 'it is marked as being written (an interrupted capture left it incomplete)');
    }
    if (header.partNumber < 1 || header.partNumber > header.totalParts) {
        throw invalid(source, `its header says part ${header.partNumber} of ${header.totalParts}`);
    }
    if (header.xml.size === 0)
        throw invalid(source, 'it has no XML data (its image list)');
    if (header.xml.flags & RESOURCE_COMPRESSED) {
        throw invalid(source, 'its XML data is compressed, which no WIM writer does; the file is damaged or unsupported');
    }
    const length = header.xml.originalSize || header.xml.size;
    if (length > MAX_XML_BYTES) {
        throw invalid(source, `its header gives the XML data an impossible size (${length} bytes)`);
    }
    return header;
}
/** A resource header: 7-byte size, flags byte, 8-byte offset, 8-byte original size. */
function parseResource(bytes, at) {
    return {
        size: bytes.readUIntLE(at, 6) + (bytes[at + 6] ?? 0) * 2 ** 48,
        flags: bytes[at + 7] ?? 0,
        offset: toSafeNumber(bytes.readBigUInt64LE(at + 8)),
        originalSize: toSafeNumber(bytes.readBigUInt64LE(at + 16)),
    };
}
function toSafeNumber(value) {
    // Beyond 2^53 nothing is addressable anyway: make it large enough to fail the bounds checks.
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
function compressionOf(flags) {
    if (!(flags & HeaderFlag.Compression))
        return 'none';
    if (flags & HeaderFlag.Lzms)
        return 'lzms';
    if (flags & HeaderFlag.Lzx)
        return 'lzx';
    if (flags & HeaderFlag.Xpress)
        return 'xpress';
    return 'unknown';
}
/** Pure: the XML data as text: UTF-16LE (with a byte order mark, as every writer puts one). */
function decodeWimXml(data) {
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf)
        return data.toString('utf8', 3);
    const start = data[0] === 0xff && data[1] === 0xfe ? 2 : 0;
    return data.toString('utf16le', start).replace(/\0+$/, '');
}
/** Pure: the images described by a WIM's XML document, by index. */
function parseWimXml(xml, source) {
    let root;
    try {
        root = parseXml(xml);
    }
    catch (error) {
        if (error instanceof XmlSyntaxError)
            throw invalid(source, `its XML data is malformed: ${error.message}`);
        throw error;
    }
    if (root.name !== 'WIM')
        throw invalid(source, `its XML data has the root <${root.name}>, not <WIM>`);
    if (findElement(root, 'ESD/ENCRYPTED')) {
        throw invalid(source, 'it is an encrypted ESD, which cannot be read', 'Use an ISO made by the Media Creation Tool or downloaded from Microsoft, whose install.esd is not encrypted.');
    }
    const images = childElements(root, 'IMAGE').map((element) => parseImage(element, source));
    images.sort((a, b) => a.index - b.index);
    for (const [i, image] of images.entries()) {
        if (image.index !== i + 1)
            throw invalid(source, `its XML data numbers the images ${listIndexes(images)}, not 1…N`);
    }
    return images;
}
function listIndexes(images) {
    return images.map((image) => image.index).join(', ');
}
function parseImage(element, source) {
    const index = parseInteger(element.attributes.INDEX ?? element.attributes.index);
    if (index === undefined || index < 1)
        throw invalid(source, 'its XML data has an IMAGE without a valid INDEX');
    const text = (path) => elementText(element, path);
    const number = (path) => parseInteger(text(path));
    const installationType = text('WINDOWS/INSTALLATIONTYPE');
    const archCode = number('WINDOWS/ARCH');
    const major = number('WINDOWS/VERSION/MAJOR');
    const minor = number('WINDOWS/VERSION/MINOR');
    const build = number('WINDOWS/VERSION/BUILD');
    const languages = findElement(element, 'WINDOWS/LANGUAGES');
    const image = {
        index,
        name: text('NAME') ?? '',
        description: text('DESCRIPTION'),
        displayName: text('DISPLAYNAME'),
        displayDescription: text('DISPLAYDESCRIPTION'),
        flags: text('FLAGS'),
        editionId: text('WINDOWS/EDITIONID'),
        installationType,
        server: /^server/i.test(installationType ?? ''),
        productName: text('WINDOWS/PRODUCTNAME'),
        productType: text('WINDOWS/PRODUCTTYPE'),
        arch: archCode === undefined ? undefined : ARCH_NAMES[archCode],
        archCode,
        version: major !== undefined && minor !== undefined && build !== undefined
            ? {
                major,
                minor,
                build,
                spBuild: number('WINDOWS/VERSION/SPBUILD'),
                spLevel: number('WINDOWS/VERSION/SPLEVEL'),
            }
            : undefined,
        languages: languages
            ? childElements(languages, 'LANGUAGE')
                .map((language) => language.text.trim())
                .filter(Boolean)
            : [],
        defaultLanguage: text('WINDOWS/LANGUAGES/DEFAULT'),
        totalBytes: number('TOTALBYTES'),
    };
    // Leave out what the XML does not say, so images compare and print cleanly.
    return withoutUndefined({ ...image, version: image.version && withoutUndefined(image.version) });
}
function withoutUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));
}
/** Decimal or 0x-hex; undefined for anything else. */
function parseInteger(value) {
    const text = value?.trim();
    if (!text)
        return undefined;
    if (/^[0-9]+$/.test(text))
        return Number(text);
    if (/^0x[0-9a-f]+$/i.test(text))
        return Number.parseInt(text.slice(2), 16);
    return undefined;
}
function invalid(source, problem, hint) {
    return new errors/* BuildError */.zS('input-invalid', `${source}: ${problem}`, {
        hint: hint ??
            'The Windows image is damaged or not a WIM/ESD; download the ISO again and compare its checksum.',
    });
}

;// CONCATENATED MODULE: ./src/media/install-image.ts
/**
 * The Windows images on an installation ISO: finds sources/install.wim (or .esd, or the first part of a split
 * .swm) inside the disc image and reads its image list, without extracting anything. Listing the editions of
 * a 6 GB ISO reads a few hundred KiB.
 */



/** Where Setup looks, in its order; x64/ holds the 64-bit half of Microsoft's dual-architecture ISOs. */
const INSTALL_IMAGE_PATHS = [
    'sources/install.wim',
    'sources/install.esd',
    'sources/install.swm',
    'x64/sources/install.wim',
    'x64/sources/install.esd',
    'x64/sources/install.swm',
];
/** The path (as recorded on the disc) of the install image, or undefined when the disc has none. */
async function findInstallImage(disc) {
    for (const candidate of INSTALL_IMAGE_PATHS) {
        const entry = await disc.stat(candidate);
        if (entry && !entry.isDirectory)
            return entry.path;
    }
    return undefined;
}
/** The images of the install.wim/esd on a Windows installation ISO. */
async function readWindowsImages(isoPath) {
    const disc = await openDisc(isoPath);
    try {
        const path = await findInstallImage(disc);
        if (!path) {
            throw new errors/* BuildError */.zS('input-invalid', `${isoPath} has no sources/install.wim or sources/install.esd`, {
                hint: 'Is this a Windows installation ISO? Give the ISO of Windows itself (Media Creation Tool or Microsoft download), not a driver or tools ISO.',
            });
        }
        const entry = (await disc.stat(path));
        const { header, images } = await readWimInfo((offset, length) => disc.read(path, offset, length), `${path.slice(1)} in ${isoPath}`, entry.size);
        return { volumeLabel: disc.volumeLabel, discKind: disc.kind, path, size: entry.size, header, images };
    }
    finally {
        await disc.close();
    }
}

;// CONCATENATED MODULE: ./src/media/msi.ts
/** Windows Installer packages, recognised by their container: every MSI is an OLE compound file. */

/** The first eight bytes of every OLE compound file. */
const COMPOUND_FILE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
/** Whether `file` starts with the compound file signature (an MSI, or another OLE document). */
async function isCompoundFile(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const head = Buffer.alloc(COMPOUND_FILE_MAGIC.length);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        return bytesRead === head.length && head.equals(COMPOUND_FILE_MAGIC);
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/media/windows-media.ts
/**
 * What the build learns from its two ISOs before any VM starts: which image of install.wim/esd --edition
 * names (and so the Windows version, its architecture and languages), and whether the virtio-win ISO has the
 * drivers that version needs, in a release that works with it. Reading both takes milliseconds.
 */



/** One line per image: index, name, edition id, version, architecture, type, languages, version code. */
function formatImageTable(images) {
    const rows = images.map((image) => [
        String(image.index),
        image.name,
        image.editionId ?? image.flags ?? '',
        image.version ? versionText(image.version) : '',
        image.arch ?? (image.archCode !== undefined ? String(image.archCode) : ''),
        image.installationType ?? '',
        image.languages.join(','),
        osForImage(image) ?? '',
    ]);
    const header = ['INDEX', 'NAME', 'EDITION', 'VERSION', 'ARCH', 'TYPE', 'LANGUAGES', 'OS'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    return [header, ...rows]
        .map((row) => row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd())
        .join('\n');
}
function versionText(version) {
    const base = `${version.major}.${version.minor}.${version.build}`;
    return version.spBuild !== undefined ? `${base}.${version.spBuild}` : base;
}
/**
 * The Windows version of an image: from its build number and installation type when the XML has them (the
 * reliable way: some Windows 11 ISOs name their images "Windows 10 …"), else from its name.
 */
function osForImage(image) {
    const build = image.version?.build;
    if (build !== undefined) {
        const os = osFromBuild(build, image.server);
        if (os)
            return os;
    }
    return osFromEdition(image.name);
}
/**
 * The image Setup will install for --edition: /IMAGE/NAME matches one NAME exactly, so that is what is
 * required here too. A near miss (case, spacing) is named in the error, with every name there is.
 */
function selectImage(images, edition, iso) {
    const exact = images.find((image) => image.name === edition);
    if (exact)
        return exact;
    const fold = (text) => text.replace(/\s+/g, ' ').trim().toLowerCase();
    const near = images.find((image) => fold(image.name) === fold(edition));
    throw new errors/* BuildError */.zS('invalid-option', `--edition "${edition}" is not an image of ${iso}${near ? ` (did you mean "${near.name}"?)` : ''}. It has:\n${formatImageTable(images)}`, {
        hint: `Pass one NAME exactly, e.g. --edition "${(near ?? images[0])?.name ?? 'Windows 11 Pro'}"; \`bake-windows-image list-editions --iso ${iso}\` lists them.`,
    });
}
/** Decides the Windows version and UI language for the chosen image; throws for what cannot work. */
function chooseImage(image, options) {
    const warnings = [];
    if (image.arch !== undefined && image.arch !== 'amd64') {
        throw new errors/* BuildError */.zS('input-invalid', `"${image.name}" in ${options.iso} is for ${image.arch}; this builder makes x64 (amd64) virtual machines`, { hint: 'Use an x64 Windows ISO (the file name usually says x64).' });
    }
    const derived = osForImage(image);
    const os = options.os ?? derived;
    if (!os) {
        throw new errors/* BuildError */.zS('invalid-option', `Cannot tell the Windows version of "${image.name}" (build ${image.version?.build ?? 'unknown'}); pass --os`, { hint: `One of ${Object.keys(WINDOWS_TARGETS).join(', ')}, e.g. --os w11 for Windows 11.` });
    }
    if (options.os && derived && options.os !== derived) {
        warnings.push(`--os ${options.os} overrides ${derived}, which "${image.name}" (build ${image.version?.build ?? '?'}) looks like: the answer file and drivers follow --os.`);
    }
    let uiLanguage = options.locale;
    const languages = image.languages;
    const has = (tag) => languages.some((language) => language.toLowerCase() === tag.toLowerCase());
    if (languages.length > 0 && !has(options.locale)) {
        uiLanguage = image.defaultLanguage ?? languages[0];
        warnings.push(`"${image.name}" has no ${options.locale} language (it has ${languages.join(', ')}): Setup and Windows use ${uiLanguage}; --locale ${options.locale} still sets the input, system and user locale.`);
    }
    return { image, os, uiLanguage, warnings };
}
/** The first build of Windows 11 24H2 and Windows Server 2025 (Germanium). */
const BUILD_24H2 = 26100;
/** virtio-win 0.1.248's vioscsi breaks on 24H2 (notes/windows-setup.md, "Drivers"). */
const MIN_VIRTIO_WIN_FOR_24H2 = [0, 1, 258];
/** "virtio-win-0.1.262" → [0, 1, 262]; undefined when the label carries no version. */
function virtioWinVersion(label) {
    const match = /virtio-win-(\d+)\.(\d+)\.(\d+)/i.exec(label);
    return match ? match.slice(1, 4).map(Number) : undefined;
}
function compareVersions(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const difference = (a[i] ?? 0) - (b[i] ?? 0);
        if (difference !== 0)
            return difference;
    }
    return 0;
}
/**
 * The drivers Setup and the first logon need from virtio-win, as `<driver>/<os>/amd64`: the disk controller
 * (virtio-scsi) and the network card (without it the guest is never reachable over SSH).
 */
const REQUIRED_VIRTIO_DRIVERS = ['vioscsi', 'NetKVM'];
/**
 * Checks the virtio-win ISO for the chosen Windows version: the driver folders with an .inf in each, and a
 * release new enough for 24H2 builds. `build` is the image's build number, when known.
 */
async function checkVirtioWin(iso, os, build) {
    const folder = WINDOWS_TARGETS[os].virtioFolder;
    const warnings = [];
    const disc = await openDisc(iso);
    try {
        const label = disc.volumeLabel;
        const version = virtioWinVersion(label);
        const versionText = version?.join('.');
        const missing = [];
        for (const driver of REQUIRED_VIRTIO_DRIVERS) {
            const dir = `${driver}/${folder}/amd64`;
            const entry = await disc.stat(dir);
            const files = entry?.isDirectory ? await disc.list(dir) : [];
            if (!files.some((file) => !file.isDirectory && /\.inf$/i.test(file.name)))
                missing.push(dir);
        }
        if (missing.length > 0) {
            throw new errors/* BuildError */.zS('input-invalid', `The virtio-win ISO ${iso}${versionText ? ` (${versionText})` : ''} has no ${missing.join(', ')} driver for ${WINDOWS_TARGETS[os].displayName}`, {
                hint: missing.length === REQUIRED_VIRTIO_DRIVERS.length && (await disc.stat('sources'))
                    ? 'That looks like a Windows ISO: --virtio-win-iso takes the virtio-win driver ISO (virtio-win.iso from the virtio-win project).'
                    : `Use a newer virtio-win ISO (the stable release has folders for ${Object.keys(WINDOWS_TARGETS).join(', ')}), or check --os.`,
            });
        }
        if ((build ?? (os === '2k25' ? BUILD_24H2 : 0)) >= BUILD_24H2) {
            if (!version) {
                warnings.push(`Cannot tell the virtio-win version from its label "${label}"; this Windows build needs 0.1.258 or newer.`);
            }
            else if (compareVersions(version, MIN_VIRTIO_WIN_FOR_24H2) < 0) {
                throw new errors/* BuildError */.zS('input-invalid', `virtio-win ${versionText} is too old for ${WINDOWS_TARGETS[os].displayName} build ${build ?? BUILD_24H2}: its storage driver fails on 24H2 builds`, { hint: 'Use virtio-win 0.1.258 or newer (the stable virtio-win.iso is).' });
            }
        }
        if (!(await disc.stat('virtio-win-guest-tools.exe'))) {
            warnings.push('The virtio-win ISO has no virtio-win-guest-tools.exe: the image gets the drivers Setup needs, but no guest agent or balloon driver.');
        }
        return { label, version: versionText, warnings };
    }
    finally {
        await disc.close();
    }
}

;// CONCATENATED MODULE: ./src/bake/baseline-inputs.ts
/**
 * The nightly baseline's inputs: `--upload SRC=DEST` read and checked before anything starts (a missing file
 * must not cost an install), and the variables the provisioning scripts see.
 */



const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;
/** `SRC=DEST` → its parts; the last `=` splits (a host path may hold one; a Windows DEST rarely does). Pure. */
function parseUpload(spec) {
    const at = spec.lastIndexOf('=');
    const source = at < 0 ? '' : spec.slice(0, at).trim();
    const destination = at < 0 ? '' : spec.slice(at + 1).trim();
    if (!source || !WINDOWS_ABSOLUTE.test(destination) || /(^|[\\/])\.\.?([\\/]|$)/.test(destination)) {
        throw new errors/* BuildError */.zS('invalid-option', `Upload "${spec}" is not SRC=DEST with DEST an absolute Windows path`, {
            hint: 'Write it as a host path, "=", and where it goes in the guest, e.g. --upload ./tools=C:\\tools (no . or .. in DEST).',
        });
    }
    return { source, destination };
}
/** An upload's source exists and can be read (a file or a directory): checked at preflight. */
function checkUploadSource(spec) {
    const { source } = parseUpload(spec);
    try {
        (0,external_node_fs_.accessSync)(external_node_path_default().resolve(source), external_node_fs_.constants.R_OK);
    }
    catch (error) {
        const missing = error.code === 'ENOENT';
        throw new errors/* BuildError */.zS(missing ? 'input-missing' : 'input-unreadable', `--upload ${spec}: ${missing ? 'no such file or directory' : error.message}`, { hint: 'Give an existing file or directory before the "=", readable by the build.' });
    }
}
/** What a provisioning script sees besides the account's environment (never the password). */
function scriptEnvironment(context, scriptName) {
    return {
        BAKE_IMAGE_OS: context.os ?? '',
        BAKE_IMAGE_EDITION: context.options.edition,
        BAKE_IMAGE_FIRMWARE: context.options.firmware,
        BAKE_IMAGE_BUILD_ID: context.buildId,
        BAKE_IMAGE_BASE: context.base?.status ?? 'none',
        BAKE_IMAGE_SCRIPT: scriptName,
    };
}

;// CONCATENATED MODULE: ./src/targets.ts
/**
 * What a bake can target: the Windows versions, firmware modes and accelerators. Every layer names them
 * (media reads the version off install.wim, unattend renders per version and firmware, the host packages
 * depend on the firmware), so they live here, below all of them, and not with the build's options.
 */
const WINDOWS_OSES = ['w10', 'w11', '2k19', '2k22', '2k25'];
const FIRMWARES = ['uefi', 'uefi-secure', 'bios'];
const ACCELS = ['auto', 'kvm', 'tcg'];

;// CONCATENATED MODULE: ./src/bake/option-rows-windows.ts
/** The option table's rows for the media and the Windows installed (see option-table.ts). */

const MEDIA_AND_WINDOWS_ROWS = [
    {
        key: 'iso',
        flag: 'iso',
        input: 'iso',
        group: 'Required',
        type: 'string',
        metavar: 'PATH',
        requiredExample: 'Win11_24H2_English_x64.iso',
        help: 'Windows installation ISO',
    },
    {
        key: 'virtioWinIso',
        flag: 'virtio-win-iso',
        input: 'virtio-win-iso',
        group: 'Required',
        type: 'string',
        metavar: 'PATH',
        requiredExample: 'virtio-win.iso',
        help: 'virtio-win driver ISO',
    },
    {
        key: 'output',
        flag: 'output',
        short: 'o',
        input: 'output',
        group: 'Required',
        type: 'string',
        metavar: 'PATH',
        requiredExample: 'windows-11.qcow2',
        help: 'where the finished qcow2 appears (refused if it exists and is not empty)',
    },
    {
        key: 'username',
        flag: 'username',
        input: 'username',
        group: 'Guest',
        type: 'string',
        metavar: 'NAME',
        default: 'smolvm',
        maxLength: 20,
        help: 'local administrator account',
    },
    {
        key: 'password',
        flag: 'password',
        input: 'password',
        group: 'Guest',
        type: 'string',
        metavar: 'TEXT',
        default: 'smolvm',
        // Windows refuses longer passwords for local accounts.
        maxLength: 127,
        help: 'its password, never logged',
    },
    {
        key: 'hostname',
        flag: 'hostname',
        input: 'hostname',
        group: 'Guest',
        type: 'string',
        metavar: 'NAME',
        default: 'smolvm-win',
        // The NetBIOS limit.
        maxLength: 15,
        help: 'computer name, 1-15 letters, digits, hyphens',
    },
    {
        key: 'edition',
        flag: 'edition',
        input: 'edition',
        group: 'Guest',
        type: 'string',
        metavar: 'NAME',
        default: 'Windows 11 Pro',
        help: 'image name in sources/install.wim',
    },
    {
        key: 'os',
        flag: 'os',
        input: 'os',
        group: 'Guest',
        type: 'choice',
        values: WINDOWS_OSES,
        help: 'Windows version',
        defaultText: 'derived from --edition',
    },
    {
        key: 'timezone',
        flag: 'timezone',
        input: 'timezone',
        group: 'Guest',
        type: 'string',
        metavar: 'ID',
        default: 'UTC',
        help: 'Windows time zone id',
    },
    {
        key: 'locale',
        flag: 'locale',
        input: 'locale',
        group: 'Guest',
        type: 'string',
        metavar: 'NAME',
        default: 'en-US',
        help: 'input/system/UI locale',
    },
    {
        key: 'productKey',
        flag: 'product-key',
        input: 'product-key',
        group: 'Guest',
        type: 'string',
        metavar: 'KEY',
        help: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX, or none for no key',
        defaultText: "the edition's generic key on client editions, else none",
    },
    {
        key: 'generalize',
        flag: 'generalize',
        input: 'generalize',
        group: 'Guest',
        type: 'boolean',
        default: false,
        help: 'sysprep /generalize at the end: every clone gets its own machine SID and computer name',
    },
    {
        key: 'opensshMsi',
        flag: 'openssh-msi',
        input: 'openssh-msi',
        group: 'Guest',
        type: 'string',
        metavar: 'PATH',
        help: 'Win32-OpenSSH MSI (OpenSSH-Win64-v….msi) installed offline in the guest',
        defaultText: 'none; the guest then needs Windows Update, except Server 2025',
    },
    {
        key: 'automaticUpdates',
        flag: 'automatic-updates',
        input: 'automatic-updates',
        group: 'Guest',
        type: 'boolean',
        default: false,
        help: 'leave Windows Update automatic in the image (always off during the bake)',
    },
];

;// CONCATENATED MODULE: ./src/bake/option-rows-vm.ts
/** The option table's rows for the VM, the build and its output (see option-table.ts). */

const VM_AND_BUILD_ROWS = [
    {
        key: 'diskSizeMiB',
        flag: 'disk-size',
        input: 'disk-size',
        group: 'VM',
        type: 'number',
        metavar: 'MIB',
        default: 65536,
        // Small disks are allowed (tests use them); below the OS's need is a warning, not an error.
        min: 1,
        // qcow2's largest virtual size with the default 64 KiB clusters: 2 PiB (qemu-img refuses more).
        max: 2 * 1024 * 1024 * 1024,
        hint: 'Give the virtual disk size in MiB (qcow2 allows up to 2 PiB)',
        help: 'virtual disk size in MiB, grown on demand',
    },
    {
        key: 'memoryMiB',
        flag: 'memory',
        input: 'memory',
        group: 'VM',
        type: 'number',
        metavar: 'MIB',
        default: 'auto',
        auto: true,
        example: 4096,
        min: 256,
        max: 4 * 1024 * 1024,
        hint: 'Give guest memory in MiB (Windows 11 wants at least 4 GiB), or auto',
        help: "guest memory in MiB; auto = the host's memory less max(2 GiB, 25 %), at most 16384, at least 4096 when the host has 5 GiB",
    },
    {
        key: 'cpus',
        flag: 'cpus',
        input: 'cpus',
        group: 'VM',
        type: 'number',
        metavar: 'N',
        default: 'auto',
        auto: true,
        example: 4,
        min: 1,
        max: 256,
        hint: 'Give a count of virtual CPUs, or auto',
        help: "virtual CPUs; auto = the host's CPUs, at most 8",
    },
    {
        key: 'accel',
        flag: 'accel',
        input: 'accel',
        group: 'VM',
        type: 'choice',
        values: ACCELS,
        default: 'auto',
        help: 'auto = kvm when /dev/kvm is usable; tcg is for tests only',
    },
    {
        key: 'firmware',
        flag: 'firmware',
        input: 'firmware',
        group: 'VM',
        type: 'choice',
        values: FIRMWARES,
        default: 'uefi',
        help: 'OVMF, OVMF with Secure Boot + TPM, or SeaBIOS',
    },
    {
        key: 'buildTimeoutSeconds',
        flag: 'build-timeout',
        input: 'build-timeout',
        group: 'VM',
        type: 'number',
        metavar: 'SECONDS',
        default: 2700,
        min: 1,
        max: 7 * 24 * 3600,
        hint: 'Give the whole-build limit in seconds',
        help: 'limit for the whole build',
    },
    {
        key: 'admission',
        flag: 'admission',
        input: 'admission',
        group: 'VM',
        type: 'choice',
        values: ['wait', 'fail', 'off'],
        default: 'wait',
        help: 'when other builds on this host leave too little memory, CPU or disk: wait for them (at most as long as --build-timeout, not counted in it), fail at once, or do not check',
    },
    {
        key: 'keepFirmwareState',
        flag: 'keep-firmware-state',
        input: 'keep-firmware-state',
        group: 'VM',
        type: 'boolean',
        default: false,
        help: "keep the UEFI vars (and uefi-secure's TPM state) next to the image: <output>.efivars.fd, <output>.tpm/ (output without .qcow2)",
    },
    {
        // The action picks its own work dir under runner.temp, for its post step to clean up.
        key: 'workDir',
        flag: 'work-dir',
        group: 'Build',
        type: 'string',
        metavar: 'DIR',
        help: 'scratch directory',
        defaultText: 'a private one next to --output',
    },
    {
        key: 'keepWorkDir',
        flag: 'keep-work-dir',
        group: 'Build',
        type: 'boolean',
        default: false,
        help: 'keep it afterwards (it holds the answer file, with the password); to debug a failed build, read its failure bundle (<output>.failure/) instead',
    },
    {
        key: 'compress',
        flag: 'no-compress',
        negated: true,
        input: 'compression',
        group: 'Build',
        type: 'boolean',
        default: true,
        help: 'do not zstd-compress the finished qcow2',
    },
    {
        key: 'screenshotIntervalSeconds',
        flag: 'screenshot-interval',
        input: 'screenshot-interval',
        group: 'Build',
        type: 'number',
        metavar: 'SECONDS',
        default: 30,
        min: 0,
        max: 3600,
        hint: 'Give seconds between screenshots, 0 for none',
        help: 'a screenshot of the VM every N seconds, at reboots and phase changes, in the work dir (screens/); 0 = none',
    },
    {
        // A runner is remote and its job ends with the bake: the action has no use for a VNC server.
        key: 'vnc',
        flag: 'vnc',
        group: 'Build',
        type: 'string',
        metavar: 'ADDRESS',
        help: 'watch the VM live over VNC at 127.0.0.1:PORT (5900 and up) or unix:PATH; loopback only',
        defaultText: 'off',
    },
    {
        key: 'dryRun',
        flag: 'dry-run',
        group: 'Build',
        type: 'boolean',
        default: false,
        help: 'check everything, write the answer medium, print the plan; build nothing',
    },
];

;// CONCATENATED MODULE: ./src/bake/option-rows-baseline.ts
const BASELINE_ROWS = [
    {
        key: 'upload',
        flag: 'upload',
        input: 'upload',
        group: 'Baseline',
        type: 'list',
        metavar: 'SRC=DEST',
        default: [],
        help: 'copy a file or directory SRC into the guest at the Windows path DEST (over SFTP) before the provisioning scripts',
    },
    {
        key: 'provision',
        flag: 'provision',
        input: 'provision',
        group: 'Baseline',
        type: 'list',
        metavar: 'PATH',
        default: [],
        help: 'run a .ps1, .cmd or .bat script in the guest (as the account, over SSH), in order; exit code 3010 or 1641 reboots the guest before the next one',
    },
    {
        key: 'windowsUpdate',
        flag: 'windows-update',
        input: 'windows-update',
        group: 'Baseline',
        type: 'boolean',
        default: false,
        help: 'install the available Windows updates, rebooting as often as they need, then clean up the component store',
    },
    {
        key: 'updateTimeoutSeconds',
        flag: 'update-timeout',
        input: 'update-timeout',
        group: 'Baseline',
        type: 'number',
        metavar: 'SECONDS',
        default: 5400,
        min: 60,
        max: 7 * 24 * 3600,
        hint: 'Give the limit for all Windows Update rounds in seconds (it adds to --build-timeout)',
        help: 'limit for all Windows Update rounds; it adds to the build timeout',
    },
    {
        key: 'updateRounds',
        flag: 'update-rounds',
        input: 'update-rounds',
        group: 'Baseline',
        type: 'number',
        metavar: 'N',
        default: 8,
        min: 1,
        max: 50,
        hint: 'Give the most search-install-reboot rounds Windows Update may take',
        help: 'most search-install-reboot rounds; updates still asking for a reboot after them fail the build',
    },
    {
        key: 'updateExclude',
        flag: 'update-exclude',
        input: 'update-exclude',
        group: 'Baseline',
        type: 'list',
        metavar: 'KB|PATTERN',
        default: [],
        help: 'leave out an update by its KB number (KB5034441) or a title pattern with * and ? (*Silverlight*)',
    },
    {
        key: 'updateDrivers',
        flag: 'update-drivers',
        input: 'update-drivers',
        group: 'Baseline',
        type: 'boolean',
        default: false,
        help: 'also install driver updates (left out by default: the VM has the virtio drivers it needs)',
    },
    {
        key: 'updatePreviews',
        flag: 'update-previews',
        input: 'update-previews',
        group: 'Baseline',
        type: 'boolean',
        default: false,
        help: 'also install preview updates (left out by default)',
    },
    {
        key: 'updateResetBase',
        flag: 'update-reset-base',
        input: 'update-reset-base',
        group: 'Baseline',
        type: 'boolean',
        default: false,
        help: 'component store cleanup with /ResetBase: smaller image, but the installed updates can no longer be uninstalled',
    },
    {
        key: 'baseCache',
        flag: 'base-cache',
        input: 'base-cache',
        group: 'Baseline',
        type: 'string',
        metavar: 'DIR',
        help: 'keep the installed system (before updates and provisioning) in DIR, keyed by everything that shapes the install, and start from it next time',
        defaultText: 'none; the action: under the tool cache on self-hosted runners',
    },
    {
        key: 'baseCacheKeep',
        flag: 'base-cache-keep',
        input: 'base-cache-keep',
        group: 'Baseline',
        type: 'number',
        metavar: 'N',
        default: 2,
        min: 1,
        max: 100,
        hint: 'Give how many bases the cache keeps',
        help: 'bases the cache keeps, the most recently used ones',
    },
    {
        key: 'baseCacheMaxMiB',
        flag: 'base-cache-max-size',
        input: 'base-cache-max-size',
        group: 'Baseline',
        type: 'number',
        metavar: 'MIB',
        default: 0,
        min: 0,
        max: 1024 * 1024 * 1024,
        hint: 'Give the most MiB the bases may take, 0 for no limit',
        help: 'most MiB all bases may take together (oldest go first); 0 = no limit',
    },
];

;// CONCATENATED MODULE: ./src/bake/option-table.ts



// Typed by its parts, so that the declaration files name the rows rather than spell them out again.
const OPTION_TABLE = [...MEDIA_AND_WINDOWS_ROWS, ...VM_AND_BUILD_ROWS, ...BASELINE_ROWS];
function optionSpec(key) {
    const spec = OPTION_TABLE.find((entry) => entry.key === key);
    if (!spec)
        throw new Error(`no option ${key} in OPTION_TABLE`);
    return spec;
}
/** A number option's row, for its range. */
function numberSpec(key) {
    const spec = optionSpec(key);
    if (spec.type !== 'number')
        throw new Error(`option ${key} is not a number`);
    return spec;
}

;// CONCATENATED MODULE: ./src/bake/option-naming.ts
/**
 * An error names the option the way its caller gave it: `--memory` on the command line, the input `memory`
 * in the action, `memoryMiB` in the library. The checks say which option failed; this module says it.
 */


/** `--flag`, the input, or (for an option that naming does not have) the library name. */
function nameFor(naming, key) {
    const spec = optionSpec(key);
    if (naming === 'cli' && spec.flag)
        return `--${spec.flag}`;
    if (naming === 'action' && spec.input)
        return spec.input;
    return key;
}
function quoted(value, quote) {
    return typeof value === 'string' && /[\s"']/.test(value) ? quote(value) : String(value);
}
function optionNames(naming) {
    const name = (key) => nameFor(naming, key);
    // What starts an error message: the action's messages say which input ("Input memory: …").
    const subject = (key) => naming === 'action' && optionSpec(key).input ? `Input ${name(key)}` : name(key);
    const setting = (key, value) => {
        if (naming === 'cli')
            return `${name(key)} ${quoted(value, (text) => `"${text}"`)}`;
        if (naming === 'action')
            return `${name(key)}: ${quoted(value, (text) => `"${text}"`)}`;
        return `${name(key)}: ${typeof value === 'string' ? JSON.stringify(value) : value}`;
    };
    return {
        naming,
        name,
        setting,
        switchHint: (key) => naming === 'cli'
            ? `Use ${name(key)} alone, or the value true or false.`
            : `Set ${name(key)}: true or ${name(key)}: false.`,
        invalid: (key, message, hint) => new errors/* BuildError */.zS('invalid-option', `${subject(key)}: ${message}`, { hint }),
        missing: (key, example) => new errors/* BuildError */.zS('usage', `${subject(key)} is required`, {
            hint: `Pass it, e.g. ${setting(key, example)}`,
        }),
    };
}

;// CONCATENATED MODULE: ./src/guest/provision.ts
/**
 * Provisioning scripts in the guest (notes/nightly-baseline.md, "Provisioning"): each is copied to
 * `provision\NN-NAME` and run through a wrapper rendered from templates/provision-wrapper.ps1.mustache, which
 * sets the BAKE_IMAGE_* variables as single-quoted literals and passes the script's exit code on. The
 * template has no comment lines: its first line is the header the stand-in guest recognises.
 */







const WRAPPER_TEMPLATE = 'provision-wrapper.ps1.mustache';
/** The wrapper's first line. */
const PROVISION_WRAPPER_HEADER = '# bake-windows-image: run a provisioning script';
/** ERROR_SUCCESS_REBOOT_REQUIRED: done, and the guest must restart before the next script. */
const EXIT_REBOOT_REQUIRED = 3010;
/** ERROR_SUCCESS_REBOOT_INITIATED: done, and the script has already started the restart. */
const EXIT_REBOOT_INITIATED = 1641;
const KIND_BY_EXTENSION = {
    '.ps1': 'powershell',
    '.cmd': 'cmd',
    '.bat': 'cmd',
};
/** Whether the file's extension says how to run it (what scriptKind takes). */
function isProvisionScript(file) {
    return external_node_path_default().extname(file).toLowerCase() in KIND_BY_EXTENSION;
}
/** How a provisioning script runs, from its extension (any case). */
function scriptKind(file) {
    const extension = external_node_path_default().extname(file).toLowerCase();
    const kind = KIND_BY_EXTENSION[extension];
    if (!kind) {
        throw new errors/* BuildError */.zS('input-invalid', `Cannot tell how to run the provisioning script ${file}`, {
            hint: 'A provisioning script must end in .ps1 (PowerShell), .cmd or .bat (cmd.exe); rename it or wrap it in one.',
        });
    }
    return kind;
}
/**
 * The script's file name in the guest: `NN-NAME`, NN its place in the order (from 1, two digits at least),
 * NAME its own file name with every character outside [A-Za-z0-9._-] replaced by `_` (the extension stays).
 */
function guestScriptName(index, localPath) {
    if (!Number.isInteger(index) || index < 1)
        throw new Error(`a script's place starts at 1, not ${index}`);
    const name = external_node_path_default().basename(localPath).replace(/[^A-Za-z0-9._-]/g, '_');
    return `${String(index).padStart(2, '0')}-${name}`;
}
/** The Windows path of a provisioning script in the guest. */
function guestScriptPath(guestName) {
    return `${GUEST_PROVISION_DIR}\\${guestName}`;
}
/** One line per value: a control character (a line break above all) has no place in the wrapper. */
function checkOneLine(what, value) {
    if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
        throw new errors/* BuildError */.zS('invalid-option', `The ${what} contains a control character`, {
            hint: 'Provisioning values are single lines of text without control characters.',
        });
    }
}
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The wrapper's text: PowerShell that sets the variables, runs the script and exits with its code. */
function provisionWrapper(input) {
    const env = Object.entries(input.env).map(([name, value]) => {
        if (!ENV_NAME.test(name)) {
            throw new errors/* BuildError */.zS('invalid-option', `"${name}" is not a valid environment variable name`, {
                hint: 'Variable names are letters, digits and _, not starting with a digit.',
            });
        }
        checkOneLine(`value of ${name}`, value);
        return { name, value };
    });
    checkOneLine('script path', input.script);
    return mustache/* default */.A.render(readTemplate(WRAPPER_TEMPLATE), { env, script: input.script, powershell: input.kind === 'powershell', cmd: input.kind === 'cmd' }, {}, { escape: psSingleQuotedEscape });
}
/** The command line that runs the wrapper over SSH. */
function provisionCommand(input) {
    return powershellCommand(provisionWrapper(input));
}
/** What a script's exit code means: next script, restart then next script, or a failed build. */
function provisionOutcome(code) {
    if (code === 0)
        return 'ok';
    if (code === EXIT_REBOOT_REQUIRED || code === EXIT_REBOOT_INITIATED)
        return 'reboot';
    return 'failed';
}
/** A line of a script's output as the build log shows it. */
function provisionLogLine(guestName, line) {
    return `[${guestName}] ${line}`;
}

;// CONCATENATED MODULE: ./src/bake/options.ts
/**
 * One typed options object for the CLI, the library and the GitHub Action.
 * Defaults and limits come from OPTION_TABLE (option-table.ts); `validateOptions` (validate.ts) checks them.
 */

const DEFAULTS = Object.fromEntries(OPTION_TABLE.flatMap((entry) => ('default' in entry ? [[entry.key, entry.default]] : [])));
function maxLength(key) {
    const spec = optionSpec(key);
    if (spec.type !== 'string' || spec.maxLength === undefined)
        throw new Error(`option ${key} has no maxLength`);
    return spec.maxLength;
}
/** The ranges of OPTION_TABLE under the names the library has always exported. */
const options_LIMITS = {
    minDiskSizeMiB: numberSpec('diskSizeMiB').min,
    maxDiskSizeMiB: numberSpec('diskSizeMiB').max,
    minMemoryMiB: numberSpec('memoryMiB').min,
    maxMemoryMiB: numberSpec('memoryMiB').max,
    minCpus: numberSpec('cpus').min,
    maxCpus: numberSpec('cpus').max,
    maxBuildTimeoutSeconds: numberSpec('buildTimeoutSeconds').max,
    maxPasswordLength: maxLength('password'),
    maxUsernameLength: maxLength('username'),
    maxHostnameLength: maxLength('hostname'),
};

;// CONCATENATED MODULE: ./src/unattend/time-zones.ts
// Generated by scripts/update-time-zones.mjs from CLDR 48.2.0 (cldr-core, supplemental/windowsZones.json).
// Do not edit by hand.
/** Windows time zone ids (the answer file's TimeZone values). */
const WINDOWS_TIME_ZONES = [
    'AUS Central Standard Time',
    'AUS Eastern Standard Time',
    'Afghanistan Standard Time',
    'Alaskan Standard Time',
    'Aleutian Standard Time',
    'Altai Standard Time',
    'Arab Standard Time',
    'Arabian Standard Time',
    'Arabic Standard Time',
    'Argentina Standard Time',
    'Astrakhan Standard Time',
    'Atlantic Standard Time',
    'Aus Central W. Standard Time',
    'Azerbaijan Standard Time',
    'Azores Standard Time',
    'Bahia Standard Time',
    'Bangladesh Standard Time',
    'Belarus Standard Time',
    'Bougainville Standard Time',
    'Canada Central Standard Time',
    'Cape Verde Standard Time',
    'Caucasus Standard Time',
    'Cen. Australia Standard Time',
    'Central America Standard Time',
    'Central Asia Standard Time',
    'Central Brazilian Standard Time',
    'Central Europe Standard Time',
    'Central European Standard Time',
    'Central Pacific Standard Time',
    'Central Standard Time',
    'Central Standard Time (Mexico)',
    'Chatham Islands Standard Time',
    'China Standard Time',
    'Cuba Standard Time',
    'Dateline Standard Time',
    'E. Africa Standard Time',
    'E. Australia Standard Time',
    'E. Europe Standard Time',
    'E. South America Standard Time',
    'Easter Island Standard Time',
    'Eastern Standard Time',
    'Eastern Standard Time (Mexico)',
    'Egypt Standard Time',
    'Ekaterinburg Standard Time',
    'FLE Standard Time',
    'Fiji Standard Time',
    'GMT Standard Time',
    'GTB Standard Time',
    'Georgian Standard Time',
    'Greenland Standard Time',
    'Greenwich Standard Time',
    'Haiti Standard Time',
    'Hawaiian Standard Time',
    'India Standard Time',
    'Iran Standard Time',
    'Israel Standard Time',
    'Jordan Standard Time',
    'Kaliningrad Standard Time',
    'Korea Standard Time',
    'Libya Standard Time',
    'Line Islands Standard Time',
    'Lord Howe Standard Time',
    'Magadan Standard Time',
    'Magallanes Standard Time',
    'Marquesas Standard Time',
    'Mauritius Standard Time',
    'Middle East Standard Time',
    'Montevideo Standard Time',
    'Morocco Standard Time',
    'Mountain Standard Time',
    'Mountain Standard Time (Mexico)',
    'Myanmar Standard Time',
    'N. Central Asia Standard Time',
    'Namibia Standard Time',
    'Nepal Standard Time',
    'New Zealand Standard Time',
    'Newfoundland Standard Time',
    'Norfolk Standard Time',
    'North Asia East Standard Time',
    'North Asia Standard Time',
    'North Korea Standard Time',
    'Omsk Standard Time',
    'Pacific SA Standard Time',
    'Pacific Standard Time',
    'Pacific Standard Time (Mexico)',
    'Pakistan Standard Time',
    'Paraguay Standard Time',
    'Qyzylorda Standard Time',
    'Romance Standard Time',
    'Russia Time Zone 10',
    'Russia Time Zone 11',
    'Russia Time Zone 3',
    'Russian Standard Time',
    'SA Eastern Standard Time',
    'SA Pacific Standard Time',
    'SA Western Standard Time',
    'SE Asia Standard Time',
    'Saint Pierre Standard Time',
    'Sakhalin Standard Time',
    'Samoa Standard Time',
    'Sao Tome Standard Time',
    'Saratov Standard Time',
    'Singapore Standard Time',
    'South Africa Standard Time',
    'South Sudan Standard Time',
    'Sri Lanka Standard Time',
    'Sudan Standard Time',
    'Syria Standard Time',
    'Taipei Standard Time',
    'Tasmania Standard Time',
    'Tocantins Standard Time',
    'Tokyo Standard Time',
    'Tomsk Standard Time',
    'Tonga Standard Time',
    'Transbaikal Standard Time',
    'Turkey Standard Time',
    'Turks And Caicos Standard Time',
    'US Eastern Standard Time',
    'US Mountain Standard Time',
    'UTC',
    'UTC+12',
    'UTC+13',
    'UTC-02',
    'UTC-08',
    'UTC-09',
    'UTC-11',
    'Ulaanbaatar Standard Time',
    'Venezuela Standard Time',
    'Vladivostok Standard Time',
    'Volgograd Standard Time',
    'W. Australia Standard Time',
    'W. Central Africa Standard Time',
    'W. Europe Standard Time',
    'W. Mongolia Standard Time',
    'West Asia Standard Time',
    'West Bank Standard Time',
    'West Pacific Standard Time',
    'Yakutsk Standard Time',
    'Yukon Standard Time',
];
/** IANA zone → the Windows id CLDR maps it to. */
const IANA_TO_WINDOWS = {
    'Africa/Abidjan': 'Greenwich Standard Time',
    'Africa/Accra': 'Greenwich Standard Time',
    'Africa/Addis_Ababa': 'E. Africa Standard Time',
    'Africa/Algiers': 'W. Central Africa Standard Time',
    'Africa/Asmera': 'E. Africa Standard Time',
    'Africa/Bamako': 'Greenwich Standard Time',
    'Africa/Bangui': 'W. Central Africa Standard Time',
    'Africa/Banjul': 'Greenwich Standard Time',
    'Africa/Bissau': 'Greenwich Standard Time',
    'Africa/Blantyre': 'South Africa Standard Time',
    'Africa/Brazzaville': 'W. Central Africa Standard Time',
    'Africa/Bujumbura': 'South Africa Standard Time',
    'Africa/Cairo': 'Egypt Standard Time',
    'Africa/Casablanca': 'Morocco Standard Time',
    'Africa/Ceuta': 'Romance Standard Time',
    'Africa/Conakry': 'Greenwich Standard Time',
    'Africa/Dakar': 'Greenwich Standard Time',
    'Africa/Dar_es_Salaam': 'E. Africa Standard Time',
    'Africa/Djibouti': 'E. Africa Standard Time',
    'Africa/Douala': 'W. Central Africa Standard Time',
    'Africa/El_Aaiun': 'Morocco Standard Time',
    'Africa/Freetown': 'Greenwich Standard Time',
    'Africa/Gaborone': 'South Africa Standard Time',
    'Africa/Harare': 'South Africa Standard Time',
    'Africa/Johannesburg': 'South Africa Standard Time',
    'Africa/Juba': 'South Sudan Standard Time',
    'Africa/Kampala': 'E. Africa Standard Time',
    'Africa/Khartoum': 'Sudan Standard Time',
    'Africa/Kigali': 'South Africa Standard Time',
    'Africa/Kinshasa': 'W. Central Africa Standard Time',
    'Africa/Lagos': 'W. Central Africa Standard Time',
    'Africa/Libreville': 'W. Central Africa Standard Time',
    'Africa/Lome': 'Greenwich Standard Time',
    'Africa/Luanda': 'W. Central Africa Standard Time',
    'Africa/Lubumbashi': 'South Africa Standard Time',
    'Africa/Lusaka': 'South Africa Standard Time',
    'Africa/Malabo': 'W. Central Africa Standard Time',
    'Africa/Maputo': 'South Africa Standard Time',
    'Africa/Maseru': 'South Africa Standard Time',
    'Africa/Mbabane': 'South Africa Standard Time',
    'Africa/Mogadishu': 'E. Africa Standard Time',
    'Africa/Monrovia': 'Greenwich Standard Time',
    'Africa/Nairobi': 'E. Africa Standard Time',
    'Africa/Ndjamena': 'W. Central Africa Standard Time',
    'Africa/Niamey': 'W. Central Africa Standard Time',
    'Africa/Nouakchott': 'Greenwich Standard Time',
    'Africa/Ouagadougou': 'Greenwich Standard Time',
    'Africa/Porto-Novo': 'W. Central Africa Standard Time',
    'Africa/Sao_Tome': 'Sao Tome Standard Time',
    'Africa/Tripoli': 'Libya Standard Time',
    'Africa/Tunis': 'W. Central Africa Standard Time',
    'Africa/Windhoek': 'Namibia Standard Time',
    'America/Adak': 'Aleutian Standard Time',
    'America/Anchorage': 'Alaskan Standard Time',
    'America/Anguilla': 'SA Western Standard Time',
    'America/Antigua': 'SA Western Standard Time',
    'America/Araguaina': 'Tocantins Standard Time',
    'America/Argentina/La_Rioja': 'Argentina Standard Time',
    'America/Argentina/Rio_Gallegos': 'Argentina Standard Time',
    'America/Argentina/Salta': 'Argentina Standard Time',
    'America/Argentina/San_Juan': 'Argentina Standard Time',
    'America/Argentina/San_Luis': 'Argentina Standard Time',
    'America/Argentina/Tucuman': 'Argentina Standard Time',
    'America/Argentina/Ushuaia': 'Argentina Standard Time',
    'America/Aruba': 'SA Western Standard Time',
    'America/Asuncion': 'Paraguay Standard Time',
    'America/Bahia': 'Bahia Standard Time',
    'America/Bahia_Banderas': 'Central Standard Time (Mexico)',
    'America/Barbados': 'SA Western Standard Time',
    'America/Belem': 'SA Eastern Standard Time',
    'America/Belize': 'Central America Standard Time',
    'America/Blanc-Sablon': 'SA Western Standard Time',
    'America/Boa_Vista': 'SA Western Standard Time',
    'America/Bogota': 'SA Pacific Standard Time',
    'America/Boise': 'Mountain Standard Time',
    'America/Buenos_Aires': 'Argentina Standard Time',
    'America/Cambridge_Bay': 'Mountain Standard Time',
    'America/Campo_Grande': 'Central Brazilian Standard Time',
    'America/Cancun': 'Eastern Standard Time (Mexico)',
    'America/Caracas': 'Venezuela Standard Time',
    'America/Catamarca': 'Argentina Standard Time',
    'America/Cayenne': 'SA Eastern Standard Time',
    'America/Cayman': 'SA Pacific Standard Time',
    'America/Chicago': 'Central Standard Time',
    'America/Chihuahua': 'Central Standard Time (Mexico)',
    'America/Ciudad_Juarez': 'Mountain Standard Time',
    'America/Coral_Harbour': 'SA Pacific Standard Time',
    'America/Cordoba': 'Argentina Standard Time',
    'America/Costa_Rica': 'Central America Standard Time',
    'America/Coyhaique': 'Magallanes Standard Time',
    'America/Creston': 'US Mountain Standard Time',
    'America/Cuiaba': 'Central Brazilian Standard Time',
    'America/Curacao': 'SA Western Standard Time',
    'America/Danmarkshavn': 'Greenwich Standard Time',
    'America/Dawson': 'Yukon Standard Time',
    'America/Dawson_Creek': 'US Mountain Standard Time',
    'America/Denver': 'Mountain Standard Time',
    'America/Detroit': 'Eastern Standard Time',
    'America/Dominica': 'SA Western Standard Time',
    'America/Edmonton': 'Mountain Standard Time',
    'America/Eirunepe': 'SA Pacific Standard Time',
    'America/El_Salvador': 'Central America Standard Time',
    'America/Fort_Nelson': 'US Mountain Standard Time',
    'America/Fortaleza': 'SA Eastern Standard Time',
    'America/Glace_Bay': 'Atlantic Standard Time',
    'America/Godthab': 'Greenland Standard Time',
    'America/Goose_Bay': 'Atlantic Standard Time',
    'America/Grand_Turk': 'Turks And Caicos Standard Time',
    'America/Grenada': 'SA Western Standard Time',
    'America/Guadeloupe': 'SA Western Standard Time',
    'America/Guatemala': 'Central America Standard Time',
    'America/Guayaquil': 'SA Pacific Standard Time',
    'America/Guyana': 'SA Western Standard Time',
    'America/Halifax': 'Atlantic Standard Time',
    'America/Havana': 'Cuba Standard Time',
    'America/Hermosillo': 'US Mountain Standard Time',
    'America/Indiana/Knox': 'Central Standard Time',
    'America/Indiana/Marengo': 'US Eastern Standard Time',
    'America/Indiana/Petersburg': 'Eastern Standard Time',
    'America/Indiana/Tell_City': 'Central Standard Time',
    'America/Indiana/Vevay': 'US Eastern Standard Time',
    'America/Indiana/Vincennes': 'Eastern Standard Time',
    'America/Indiana/Winamac': 'Eastern Standard Time',
    'America/Indianapolis': 'US Eastern Standard Time',
    'America/Inuvik': 'Mountain Standard Time',
    'America/Iqaluit': 'Eastern Standard Time',
    'America/Jamaica': 'SA Pacific Standard Time',
    'America/Jujuy': 'Argentina Standard Time',
    'America/Juneau': 'Alaskan Standard Time',
    'America/Kentucky/Monticello': 'Eastern Standard Time',
    'America/Kralendijk': 'SA Western Standard Time',
    'America/La_Paz': 'SA Western Standard Time',
    'America/Lima': 'SA Pacific Standard Time',
    'America/Los_Angeles': 'Pacific Standard Time',
    'America/Louisville': 'Eastern Standard Time',
    'America/Lower_Princes': 'SA Western Standard Time',
    'America/Maceio': 'SA Eastern Standard Time',
    'America/Managua': 'Central America Standard Time',
    'America/Manaus': 'SA Western Standard Time',
    'America/Marigot': 'SA Western Standard Time',
    'America/Martinique': 'SA Western Standard Time',
    'America/Matamoros': 'Central Standard Time',
    'America/Mazatlan': 'Mountain Standard Time (Mexico)',
    'America/Mendoza': 'Argentina Standard Time',
    'America/Menominee': 'Central Standard Time',
    'America/Merida': 'Central Standard Time (Mexico)',
    'America/Metlakatla': 'Alaskan Standard Time',
    'America/Mexico_City': 'Central Standard Time (Mexico)',
    'America/Miquelon': 'Saint Pierre Standard Time',
    'America/Moncton': 'Atlantic Standard Time',
    'America/Monterrey': 'Central Standard Time (Mexico)',
    'America/Montevideo': 'Montevideo Standard Time',
    'America/Montserrat': 'SA Western Standard Time',
    'America/Nassau': 'Eastern Standard Time',
    'America/New_York': 'Eastern Standard Time',
    'America/Nome': 'Alaskan Standard Time',
    'America/Noronha': 'UTC-02',
    'America/North_Dakota/Beulah': 'Central Standard Time',
    'America/North_Dakota/Center': 'Central Standard Time',
    'America/North_Dakota/New_Salem': 'Central Standard Time',
    'America/Ojinaga': 'Central Standard Time',
    'America/Panama': 'SA Pacific Standard Time',
    'America/Paramaribo': 'SA Eastern Standard Time',
    'America/Phoenix': 'US Mountain Standard Time',
    'America/Port-au-Prince': 'Haiti Standard Time',
    'America/Port_of_Spain': 'SA Western Standard Time',
    'America/Porto_Velho': 'SA Western Standard Time',
    'America/Puerto_Rico': 'SA Western Standard Time',
    'America/Punta_Arenas': 'Magallanes Standard Time',
    'America/Rankin_Inlet': 'Central Standard Time',
    'America/Recife': 'SA Eastern Standard Time',
    'America/Regina': 'Canada Central Standard Time',
    'America/Resolute': 'Central Standard Time',
    'America/Rio_Branco': 'SA Pacific Standard Time',
    'America/Santarem': 'SA Eastern Standard Time',
    'America/Santiago': 'Pacific SA Standard Time',
    'America/Santo_Domingo': 'SA Western Standard Time',
    'America/Sao_Paulo': 'E. South America Standard Time',
    'America/Scoresbysund': 'Azores Standard Time',
    'America/Sitka': 'Alaskan Standard Time',
    'America/St_Barthelemy': 'SA Western Standard Time',
    'America/St_Johns': 'Newfoundland Standard Time',
    'America/St_Kitts': 'SA Western Standard Time',
    'America/St_Lucia': 'SA Western Standard Time',
    'America/St_Thomas': 'SA Western Standard Time',
    'America/St_Vincent': 'SA Western Standard Time',
    'America/Swift_Current': 'Canada Central Standard Time',
    'America/Tegucigalpa': 'Central America Standard Time',
    'America/Thule': 'Atlantic Standard Time',
    'America/Tijuana': 'Pacific Standard Time (Mexico)',
    'America/Toronto': 'Eastern Standard Time',
    'America/Tortola': 'SA Western Standard Time',
    'America/Vancouver': 'Pacific Standard Time',
    'America/Whitehorse': 'Yukon Standard Time',
    'America/Winnipeg': 'Central Standard Time',
    'America/Yakutat': 'Alaskan Standard Time',
    'Antarctica/Casey': 'Central Pacific Standard Time',
    'Antarctica/Davis': 'SE Asia Standard Time',
    'Antarctica/DumontDUrville': 'West Pacific Standard Time',
    'Antarctica/Macquarie': 'Tasmania Standard Time',
    'Antarctica/Mawson': 'West Asia Standard Time',
    'Antarctica/McMurdo': 'New Zealand Standard Time',
    'Antarctica/Palmer': 'SA Eastern Standard Time',
    'Antarctica/Rothera': 'SA Eastern Standard Time',
    'Antarctica/Syowa': 'E. Africa Standard Time',
    'Antarctica/Vostok': 'Central Asia Standard Time',
    'Arctic/Longyearbyen': 'W. Europe Standard Time',
    'Asia/Aden': 'Arab Standard Time',
    'Asia/Almaty': 'West Asia Standard Time',
    'Asia/Amman': 'Jordan Standard Time',
    'Asia/Anadyr': 'Russia Time Zone 11',
    'Asia/Aqtau': 'West Asia Standard Time',
    'Asia/Aqtobe': 'West Asia Standard Time',
    'Asia/Ashgabat': 'West Asia Standard Time',
    'Asia/Atyrau': 'West Asia Standard Time',
    'Asia/Baghdad': 'Arabic Standard Time',
    'Asia/Bahrain': 'Arab Standard Time',
    'Asia/Baku': 'Azerbaijan Standard Time',
    'Asia/Bangkok': 'SE Asia Standard Time',
    'Asia/Barnaul': 'Altai Standard Time',
    'Asia/Beirut': 'Middle East Standard Time',
    'Asia/Bishkek': 'Central Asia Standard Time',
    'Asia/Brunei': 'Singapore Standard Time',
    'Asia/Calcutta': 'India Standard Time',
    'Asia/Chita': 'Transbaikal Standard Time',
    'Asia/Colombo': 'Sri Lanka Standard Time',
    'Asia/Damascus': 'Syria Standard Time',
    'Asia/Dhaka': 'Bangladesh Standard Time',
    'Asia/Dili': 'Tokyo Standard Time',
    'Asia/Dubai': 'Arabian Standard Time',
    'Asia/Dushanbe': 'West Asia Standard Time',
    'Asia/Famagusta': 'GTB Standard Time',
    'Asia/Gaza': 'West Bank Standard Time',
    'Asia/Hebron': 'West Bank Standard Time',
    'Asia/Hong_Kong': 'China Standard Time',
    'Asia/Hovd': 'W. Mongolia Standard Time',
    'Asia/Irkutsk': 'North Asia East Standard Time',
    'Asia/Jakarta': 'SE Asia Standard Time',
    'Asia/Jayapura': 'Tokyo Standard Time',
    'Asia/Jerusalem': 'Israel Standard Time',
    'Asia/Kabul': 'Afghanistan Standard Time',
    'Asia/Kamchatka': 'Russia Time Zone 11',
    'Asia/Karachi': 'Pakistan Standard Time',
    'Asia/Katmandu': 'Nepal Standard Time',
    'Asia/Khandyga': 'Yakutsk Standard Time',
    'Asia/Krasnoyarsk': 'North Asia Standard Time',
    'Asia/Kuala_Lumpur': 'Singapore Standard Time',
    'Asia/Kuching': 'Singapore Standard Time',
    'Asia/Kuwait': 'Arab Standard Time',
    'Asia/Macau': 'China Standard Time',
    'Asia/Magadan': 'Magadan Standard Time',
    'Asia/Makassar': 'Singapore Standard Time',
    'Asia/Manila': 'Singapore Standard Time',
    'Asia/Muscat': 'Arabian Standard Time',
    'Asia/Nicosia': 'GTB Standard Time',
    'Asia/Novokuznetsk': 'North Asia Standard Time',
    'Asia/Novosibirsk': 'N. Central Asia Standard Time',
    'Asia/Omsk': 'Omsk Standard Time',
    'Asia/Oral': 'West Asia Standard Time',
    'Asia/Phnom_Penh': 'SE Asia Standard Time',
    'Asia/Pontianak': 'SE Asia Standard Time',
    'Asia/Pyongyang': 'North Korea Standard Time',
    'Asia/Qatar': 'Arab Standard Time',
    'Asia/Qostanay': 'West Asia Standard Time',
    'Asia/Qyzylorda': 'Qyzylorda Standard Time',
    'Asia/Rangoon': 'Myanmar Standard Time',
    'Asia/Riyadh': 'Arab Standard Time',
    'Asia/Saigon': 'SE Asia Standard Time',
    'Asia/Sakhalin': 'Sakhalin Standard Time',
    'Asia/Samarkand': 'West Asia Standard Time',
    'Asia/Seoul': 'Korea Standard Time',
    'Asia/Shanghai': 'China Standard Time',
    'Asia/Singapore': 'Singapore Standard Time',
    'Asia/Srednekolymsk': 'Russia Time Zone 10',
    'Asia/Taipei': 'Taipei Standard Time',
    'Asia/Tashkent': 'West Asia Standard Time',
    'Asia/Tbilisi': 'Georgian Standard Time',
    'Asia/Tehran': 'Iran Standard Time',
    'Asia/Thimphu': 'Bangladesh Standard Time',
    'Asia/Tokyo': 'Tokyo Standard Time',
    'Asia/Tomsk': 'Tomsk Standard Time',
    'Asia/Ulaanbaatar': 'Ulaanbaatar Standard Time',
    'Asia/Urumqi': 'Central Asia Standard Time',
    'Asia/Ust-Nera': 'Vladivostok Standard Time',
    'Asia/Vientiane': 'SE Asia Standard Time',
    'Asia/Vladivostok': 'Vladivostok Standard Time',
    'Asia/Yakutsk': 'Yakutsk Standard Time',
    'Asia/Yekaterinburg': 'Ekaterinburg Standard Time',
    'Asia/Yerevan': 'Caucasus Standard Time',
    'Atlantic/Azores': 'Azores Standard Time',
    'Atlantic/Bermuda': 'Atlantic Standard Time',
    'Atlantic/Canary': 'GMT Standard Time',
    'Atlantic/Cape_Verde': 'Cape Verde Standard Time',
    'Atlantic/Faeroe': 'GMT Standard Time',
    'Atlantic/Madeira': 'GMT Standard Time',
    'Atlantic/Reykjavik': 'Greenwich Standard Time',
    'Atlantic/South_Georgia': 'UTC-02',
    'Atlantic/St_Helena': 'Greenwich Standard Time',
    'Atlantic/Stanley': 'SA Eastern Standard Time',
    'Australia/Adelaide': 'Cen. Australia Standard Time',
    'Australia/Brisbane': 'E. Australia Standard Time',
    'Australia/Broken_Hill': 'Cen. Australia Standard Time',
    'Australia/Darwin': 'AUS Central Standard Time',
    'Australia/Eucla': 'Aus Central W. Standard Time',
    'Australia/Hobart': 'Tasmania Standard Time',
    'Australia/Lindeman': 'E. Australia Standard Time',
    'Australia/Lord_Howe': 'Lord Howe Standard Time',
    'Australia/Melbourne': 'AUS Eastern Standard Time',
    'Australia/Perth': 'W. Australia Standard Time',
    'Australia/Sydney': 'AUS Eastern Standard Time',
    'Etc/GMT': 'UTC',
    'Etc/GMT+1': 'Cape Verde Standard Time',
    'Etc/GMT+10': 'Hawaiian Standard Time',
    'Etc/GMT+11': 'UTC-11',
    'Etc/GMT+12': 'Dateline Standard Time',
    'Etc/GMT+2': 'UTC-02',
    'Etc/GMT+3': 'SA Eastern Standard Time',
    'Etc/GMT+4': 'SA Western Standard Time',
    'Etc/GMT+5': 'SA Pacific Standard Time',
    'Etc/GMT+6': 'Central America Standard Time',
    'Etc/GMT+7': 'US Mountain Standard Time',
    'Etc/GMT+8': 'UTC-08',
    'Etc/GMT+9': 'UTC-09',
    'Etc/GMT-1': 'W. Central Africa Standard Time',
    'Etc/GMT-10': 'West Pacific Standard Time',
    'Etc/GMT-11': 'Central Pacific Standard Time',
    'Etc/GMT-12': 'UTC+12',
    'Etc/GMT-13': 'UTC+13',
    'Etc/GMT-14': 'Line Islands Standard Time',
    'Etc/GMT-2': 'South Africa Standard Time',
    'Etc/GMT-3': 'E. Africa Standard Time',
    'Etc/GMT-4': 'Arabian Standard Time',
    'Etc/GMT-5': 'West Asia Standard Time',
    'Etc/GMT-6': 'Central Asia Standard Time',
    'Etc/GMT-7': 'SE Asia Standard Time',
    'Etc/GMT-8': 'Singapore Standard Time',
    'Etc/GMT-9': 'Tokyo Standard Time',
    'Etc/UTC': 'UTC',
    'Europe/Amsterdam': 'W. Europe Standard Time',
    'Europe/Andorra': 'W. Europe Standard Time',
    'Europe/Astrakhan': 'Astrakhan Standard Time',
    'Europe/Athens': 'GTB Standard Time',
    'Europe/Belgrade': 'Central Europe Standard Time',
    'Europe/Berlin': 'W. Europe Standard Time',
    'Europe/Bratislava': 'Central Europe Standard Time',
    'Europe/Brussels': 'Romance Standard Time',
    'Europe/Bucharest': 'GTB Standard Time',
    'Europe/Budapest': 'Central Europe Standard Time',
    'Europe/Busingen': 'W. Europe Standard Time',
    'Europe/Chisinau': 'E. Europe Standard Time',
    'Europe/Copenhagen': 'Romance Standard Time',
    'Europe/Dublin': 'GMT Standard Time',
    'Europe/Gibraltar': 'W. Europe Standard Time',
    'Europe/Guernsey': 'GMT Standard Time',
    'Europe/Helsinki': 'FLE Standard Time',
    'Europe/Isle_of_Man': 'GMT Standard Time',
    'Europe/Istanbul': 'Turkey Standard Time',
    'Europe/Jersey': 'GMT Standard Time',
    'Europe/Kaliningrad': 'Kaliningrad Standard Time',
    'Europe/Kiev': 'FLE Standard Time',
    'Europe/Kirov': 'Russian Standard Time',
    'Europe/Lisbon': 'GMT Standard Time',
    'Europe/Ljubljana': 'Central Europe Standard Time',
    'Europe/London': 'GMT Standard Time',
    'Europe/Luxembourg': 'W. Europe Standard Time',
    'Europe/Madrid': 'Romance Standard Time',
    'Europe/Malta': 'W. Europe Standard Time',
    'Europe/Mariehamn': 'FLE Standard Time',
    'Europe/Minsk': 'Belarus Standard Time',
    'Europe/Monaco': 'W. Europe Standard Time',
    'Europe/Moscow': 'Russian Standard Time',
    'Europe/Oslo': 'W. Europe Standard Time',
    'Europe/Paris': 'Romance Standard Time',
    'Europe/Podgorica': 'Central Europe Standard Time',
    'Europe/Prague': 'Central Europe Standard Time',
    'Europe/Riga': 'FLE Standard Time',
    'Europe/Rome': 'W. Europe Standard Time',
    'Europe/Samara': 'Russia Time Zone 3',
    'Europe/San_Marino': 'W. Europe Standard Time',
    'Europe/Sarajevo': 'Central European Standard Time',
    'Europe/Saratov': 'Saratov Standard Time',
    'Europe/Simferopol': 'Russian Standard Time',
    'Europe/Skopje': 'Central European Standard Time',
    'Europe/Sofia': 'FLE Standard Time',
    'Europe/Stockholm': 'W. Europe Standard Time',
    'Europe/Tallinn': 'FLE Standard Time',
    'Europe/Tirane': 'Central Europe Standard Time',
    'Europe/Ulyanovsk': 'Astrakhan Standard Time',
    'Europe/Vaduz': 'W. Europe Standard Time',
    'Europe/Vatican': 'W. Europe Standard Time',
    'Europe/Vienna': 'W. Europe Standard Time',
    'Europe/Vilnius': 'FLE Standard Time',
    'Europe/Volgograd': 'Volgograd Standard Time',
    'Europe/Warsaw': 'Central European Standard Time',
    'Europe/Zagreb': 'Central European Standard Time',
    'Europe/Zurich': 'W. Europe Standard Time',
    'Indian/Antananarivo': 'E. Africa Standard Time',
    'Indian/Chagos': 'Central Asia Standard Time',
    'Indian/Christmas': 'SE Asia Standard Time',
    'Indian/Cocos': 'Myanmar Standard Time',
    'Indian/Comoro': 'E. Africa Standard Time',
    'Indian/Kerguelen': 'West Asia Standard Time',
    'Indian/Mahe': 'Mauritius Standard Time',
    'Indian/Maldives': 'West Asia Standard Time',
    'Indian/Mauritius': 'Mauritius Standard Time',
    'Indian/Mayotte': 'E. Africa Standard Time',
    'Indian/Reunion': 'Mauritius Standard Time',
    'Pacific/Apia': 'Samoa Standard Time',
    'Pacific/Auckland': 'New Zealand Standard Time',
    'Pacific/Bougainville': 'Bougainville Standard Time',
    'Pacific/Chatham': 'Chatham Islands Standard Time',
    'Pacific/Easter': 'Easter Island Standard Time',
    'Pacific/Efate': 'Central Pacific Standard Time',
    'Pacific/Enderbury': 'UTC+13',
    'Pacific/Fakaofo': 'UTC+13',
    'Pacific/Fiji': 'Fiji Standard Time',
    'Pacific/Funafuti': 'UTC+12',
    'Pacific/Galapagos': 'Central America Standard Time',
    'Pacific/Gambier': 'UTC-09',
    'Pacific/Guadalcanal': 'Central Pacific Standard Time',
    'Pacific/Guam': 'West Pacific Standard Time',
    'Pacific/Honolulu': 'Hawaiian Standard Time',
    'Pacific/Kiritimati': 'Line Islands Standard Time',
    'Pacific/Kosrae': 'Central Pacific Standard Time',
    'Pacific/Kwajalein': 'UTC+12',
    'Pacific/Majuro': 'UTC+12',
    'Pacific/Marquesas': 'Marquesas Standard Time',
    'Pacific/Midway': 'UTC-11',
    'Pacific/Nauru': 'UTC+12',
    'Pacific/Niue': 'UTC-11',
    'Pacific/Norfolk': 'Norfolk Standard Time',
    'Pacific/Noumea': 'Central Pacific Standard Time',
    'Pacific/Pago_Pago': 'UTC-11',
    'Pacific/Palau': 'Tokyo Standard Time',
    'Pacific/Pitcairn': 'UTC-08',
    'Pacific/Ponape': 'Central Pacific Standard Time',
    'Pacific/Port_Moresby': 'West Pacific Standard Time',
    'Pacific/Rarotonga': 'Hawaiian Standard Time',
    'Pacific/Saipan': 'West Pacific Standard Time',
    'Pacific/Tahiti': 'Hawaiian Standard Time',
    'Pacific/Tarawa': 'UTC+12',
    'Pacific/Tongatapu': 'Tonga Standard Time',
    'Pacific/Truk': 'West Pacific Standard Time',
    'Pacific/Wake': 'UTC+12',
    'Pacific/Wallis': 'UTC+12',
};

;// CONCATENATED MODULE: ./src/bake/windows-names.ts
/**
 * What Windows accepts as a user name, password, computer name and time zone. Setup would take a bad value
 * and fail much later (or only show it on the VM's screen), so validateOptions checks them up front.
 */


// Windows forbids these in user names (and the profile folder could not be created for the device names).
const USERNAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;
const RESERVED_USERNAMES = [
    'administrator',
    'guest',
    'defaultaccount',
    'wdagutilityaccount',
    'system',
    'administrators',
    'users',
    'everyone',
    'con',
    'prn',
    'aux',
    'nul',
    ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
    ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
];
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
function checkUsername(username, hostname, names) {
    const hint = `Choose a local account name of 1 to ${options_LIMITS.maxUsernameLength} characters, e.g. ${names.setting('username', DEFAULTS.username)}.`;
    if (username.trim() === '')
        throw names.invalid('username', 'must not be empty', hint);
    if (username.length > options_LIMITS.maxUsernameLength) {
        throw names.invalid('username', `"${username}" is longer than ${options_LIMITS.maxUsernameLength} characters`, hint);
    }
    const forbidden = username.match(USERNAME_FORBIDDEN);
    if (forbidden || CONTROL_CHARACTERS.test(username)) {
        throw names.invalid('username', `"${username}" contains ${forbidden ? `"${forbidden[0]}"` : 'a control character'}, which Windows forbids in user names`, 'Leave out " / \\ [ ] : ; | = , + * ? < > @ and control characters.');
    }
    if (/^[. ]+$/.test(username) || username.endsWith('.')) {
        throw names.invalid('username', `"${username}" may not consist of dots and spaces or end with a dot`, hint);
    }
    if (RESERVED_USERNAMES.includes(username.toLowerCase())) {
        throw names.invalid('username', `"${username}" is a name Windows reserves for a built-in account or device`, `The account this tool creates is already a member of Administrators: pick another name, e.g. ${names.setting('username', DEFAULTS.username)}.`);
    }
    if (username.toLowerCase() === hostname.toLowerCase()) {
        throw names.invalid('username', `"${username}" is the same as the computer name`, `Windows cannot tell the account from the machine then: change ${names.name('username')} or ${names.name('hostname')}.`);
    }
}
function checkPassword(password, names) {
    if (password === '') {
        throw names.invalid('password', 'must not be empty', names.naming === 'action'
            ? 'It is empty, not left out: a secret that is not set, misspelt, or not given to workflows from forks reads as empty. Check `password: ${{ secrets.NAME }}`; the build never falls back to the default then.'
            : 'Windows refuses network (SSH) logons with a blank password, so the build could not check the guest. Pass a password; it is only used inside the build VM and never logged.');
    }
    if (password.length > options_LIMITS.maxPasswordLength) {
        throw names.invalid('password', `is longer than ${options_LIMITS.maxPasswordLength} characters`, 'Use a shorter password.');
    }
    if (CONTROL_CHARACTERS.test(password)) {
        throw names.invalid('password', 'contains a control character (newline, tab, …)', 'Use printable characters only.');
    }
}
function checkHostname(hostname, names) {
    const max = options_LIMITS.maxHostnameLength;
    const hint = `Use 1 to ${max} letters, digits and hyphens, not only digits, e.g. ${names.setting('hostname', DEFAULTS.hostname)}.`;
    const invalid = (message) => names.invalid('hostname', message, hint);
    if (hostname === '')
        throw invalid('must not be empty');
    if (hostname.length > max)
        throw invalid(`"${hostname}" is longer than ${max} characters (the NetBIOS limit)`);
    if (!/^[A-Za-z0-9-]+$/.test(hostname)) {
        throw invalid(`"${hostname}" has characters a Windows computer name may not have`);
    }
    if (/^\d+$/.test(hostname))
        throw invalid(`"${hostname}" is only digits`);
    if (hostname.startsWith('-') || hostname.endsWith('-')) {
        throw invalid(`"${hostname}" starts or ends with a hyphen`);
    }
}
/** Time zone ids Windows still has that CLDR no longer maps (kept for older answer files). */
const LEGACY_WINDOWS_TIME_ZONES = ['Mid-Atlantic Standard Time', 'Kamchatka Standard Time'];
/**
 * An unknown TimeZone fails Setup's specialize pass, which the build would only see as a timeout: check it
 * against CLDR's Windows ids here, and name the Windows id for an IANA name.
 */
function checkTimeZone(timezone, names) {
    const known = [...WINDOWS_TIME_ZONES, ...LEGACY_WINDOWS_TIME_ZONES];
    if (known.some((id) => id.toLowerCase() === timezone.toLowerCase()))
        return;
    const windowsId = Object.entries(IANA_TO_WINDOWS).find(([iana]) => iana.toLowerCase() === timezone.trim().toLowerCase())?.[1];
    if (windowsId) {
        throw names.invalid('timezone', `"${timezone}" is an IANA time zone; Windows uses its own ids`, `Use ${names.setting('timezone', windowsId)}.`);
    }
    // Rank ids by the distinctive words they share with the value ("Pacific Time" → "Pacific Standard Time").
    const words = timezone
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter((word) => word.length > 2 && !['standard', 'time', 'zone'].includes(word));
    const similar = known
        .map((id) => ({ id, score: words.filter((word) => id.toLowerCase().includes(word)).length }))
        .filter(({ score }) => score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, 5)
        .map(({ id }) => id);
    throw names.invalid('timezone', `"${timezone}" is not a Windows time zone id`, similar.length > 0
        ? `Did you mean ${similar.map((id) => `"${id}"`).join(', ')}? (tzutil /l on Windows lists them all.)`
        : `e.g. ${names.setting('timezone', DEFAULTS.timezone)} or "W. Europe Standard Time" (tzutil /l on Windows lists them all).`);
}

;// CONCATENATED MODULE: ./src/bake/validate.ts
/**
 * The one place where options are parsed and checked. The CLI and the action hand over strings by their own
 * names (`optionsFromStrings`); library callers hand over a partial typed object (`resolveOptions`). Both end
 * in `validateOptions`, which throws a usage BuildError (exit code 2) naming the option as the caller did.
 * Checks that need the file system (ISOs, output, free space, tools) are preflight's job, not this module's.
 */









const TABLE = OPTION_TABLE;
/** The name an option goes by in `naming`; undefined when that caller does not have it. */
function rawName(spec, naming) {
    if (naming === 'cli')
        return spec.flag;
    if (naming === 'action')
        return spec.input;
    return spec.key;
}
function wholeNumber(value, fail) {
    const trimmed = value.trim();
    // Rejects "", "1.5", "0x10", "1e3", "12abc", which Number() would take or turn into NaN.
    if (!/^[+-]?\d+$/.test(trimmed))
        throw fail(`"${value}" is not a whole number`);
    const parsed = Number(trimmed);
    if (!Number.isSafeInteger(parsed))
        throw fail(`${value} is too large`);
    return parsed;
}
/** A whole decimal number; `subject` starts the error message ("--memory", "Input retention-days"). */
function parseWholeNumber(subject, value, hint) {
    return wholeNumber(value, (message) => new errors/* BuildError */.zS('invalid-option', `${subject}: ${message}`, { hint }));
}
function numberHint(spec, names) {
    return `${spec.hint}, e.g. ${names.setting(spec.key, spec.example ?? spec.default)}.`;
}
function choiceHint(spec, names) {
    return spec.default === undefined ? 'Or leave it out.' : `Use ${names.setting(spec.key, spec.default)}.`;
}
function parseSwitch(spec, value, names) {
    if (typeof value === 'boolean')
        return value;
    const normalized = value.trim().toLowerCase();
    if (normalized === '')
        return undefined;
    if (['true', '1', 'yes'].includes(normalized))
        return true;
    if (['false', '0', 'no'].includes(normalized))
        return false;
    throw names.invalid(spec.key, `"${value}" is not true or false`, names.switchHint(spec.key));
}
/** One raw value → the option's value; undefined leaves the option out. */
function parseValue(spec, value, names) {
    if (spec.type === 'list')
        return listValue(value);
    if (typeof value === 'object')
        throw names.invalid(spec.key, 'is given more than once', 'Give it once.');
    if (spec.type === 'boolean') {
        const parsed = value === undefined ? undefined : parseSwitch(spec, value, names);
        if (parsed === undefined)
            return spec.default;
        return spec.negated && names.naming === 'cli' ? !parsed : parsed;
    }
    const text = typeof value === 'string' ? value : undefined;
    switch (spec.type) {
        case 'string':
            if (spec.requiredExample !== undefined) {
                if (text === undefined || text.trim() === '')
                    throw names.missing(spec.key, spec.requiredExample);
                return text;
            }
            // Free text (a password, an edition name) is taken as given; paths and keys without spaces around.
            return spec.default !== undefined ? (text ?? spec.default) : text?.trim() || undefined;
        case 'number':
            if (text === undefined)
                return spec.default;
            if (spec.auto && text.trim().toLowerCase() === 'auto')
                return 'auto';
            return wholeNumber(text, (message) => names.invalid(spec.key, message, numberHint(spec, names)));
        case 'choice': {
            const given = text?.trim();
            if (!given)
                return spec.default;
            const found = spec.values.find((candidate) => candidate === given.toLowerCase());
            if (found === undefined) {
                throw names.invalid(spec.key, `"${given}" is not one of ${spec.values.join(', ')}`, choiceHint(spec, names));
            }
            return found;
        }
    }
}
/** A repeated flag's values, or an input's lines; blank ones dropped, the others trimmed. */
function listValue(value) {
    if (value === undefined || typeof value === 'boolean')
        return [];
    const items = typeof value === 'string' ? value.split(/\r?\n/) : value;
    return items.map((item) => item.trim()).filter((item) => item !== '');
}
/** Strings (CLI flags or action inputs) → validated options. Missing optional values take the defaults. */
function optionsFromStrings(raw, naming) {
    const names = optionNames(naming);
    const known = TABLE.map((spec) => rawName(spec, naming));
    const unknown = Object.keys(raw).find((name) => raw[name] !== undefined && !known.includes(name));
    if (unknown !== undefined) {
        throw new errors/* BuildError */.zS('usage', `Unknown option "${unknown}"`, {
            hint: `The options are ${known.filter(Boolean).join(', ')}.`,
        });
    }
    const options = {};
    for (const spec of TABLE) {
        const name = rawName(spec, naming);
        const value = parseValue(spec, name === undefined ? undefined : raw[name], names);
        if (value !== undefined)
            options[spec.key] = value;
    }
    validateOptions(options, naming);
    return options;
}
/** Library callers: a partial options object → complete, validated options. */
function resolveOptions(partial) {
    const options = { ...DEFAULTS, ...validate_withoutUndefined(partial) };
    validateOptions(options, 'library');
    return options;
}
function validate_withoutUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
/** What the table alone says: required values present, numbers in range, choices among their values. */
function checkAgainstTable(spec, value, names) {
    if (spec.type === 'string' && spec.requiredExample !== undefined) {
        if (typeof value !== 'string' || value.trim() === '')
            throw names.missing(spec.key, spec.requiredExample);
    }
    else if (spec.type === 'number') {
        if (spec.auto && value === 'auto')
            return;
        const hint = numberHint(spec, names);
        if (!Number.isInteger(value))
            throw names.invalid(spec.key, `${String(value)} is not a whole number`, hint);
        const number = value;
        if (number < spec.min || number > spec.max) {
            throw names.invalid(spec.key, `${number} is out of range (${spec.min} to ${spec.max})`, hint);
        }
    }
    else if (spec.type === 'choice' && value !== undefined && !spec.values.includes(value)) {
        throw names.invalid(spec.key, `"${String(value)}" is not one of ${spec.values.join(', ')}`, choiceHint(spec, names));
    }
    else if (spec.type === 'list') {
        if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
            throw names.invalid(spec.key, 'is not a list of values', `Give an array of ${spec.metavar} strings.`);
        }
    }
}
/**
 * Throws a usage BuildError for the first invalid value, naming the option as `naming` does. Pure: no file
 * system access.
 */
function validateOptions(options, naming = 'library') {
    const names = optionNames(naming);
    for (const spec of TABLE)
        checkAgainstTable(spec, options[spec.key], names);
    checkUsername(options.username, options.hostname, names);
    checkPassword(options.password, names);
    checkHostname(options.hostname, names);
    if (options.edition.trim() === '' || CONTROL_CHARACTERS.test(options.edition)) {
        throw names.invalid('edition', options.edition.trim() === '' ? 'must not be empty' : 'contains control characters', `Give an image name from sources/install.wim exactly, e.g. ${names.setting('edition', DEFAULTS.edition)}.`);
    }
    checkTimeZone(options.timezone, names);
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(options.locale)) {
        throw names.invalid('locale', `"${options.locale}" is not a locale name`, `e.g. ${names.setting('locale', DEFAULTS.locale)} or de-DE.`);
    }
    if (options.productKey !== undefined &&
        options.productKey.trim().toLowerCase() !== NO_PRODUCT_KEY &&
        !/^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$/i.test(options.productKey.trim())) {
        throw names.invalid('productKey', `is neither of the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX nor "${NO_PRODUCT_KEY}"`, `Check the key; leave it out for the edition's generic key, or give ${names.setting('productKey', NO_PRODUCT_KEY)} for no key at all.`);
    }
    if (options.keepFirmwareState && options.firmware === 'bios') {
        throw names.invalid('keepFirmwareState', 'needs UEFI firmware: a BIOS VM has no variable store or TPM to keep', `Use it with ${names.setting('firmware', 'uefi')} or uefi-secure, or leave it out.`);
    }
    const vnc = options.vnc === undefined ? undefined : parseVncAddress(options.vnc);
    if (vnc && 'error' in vnc) {
        throw names.invalid('vnc', vnc.error, `Use ${names.setting('vnc', '127.0.0.1:5901')} (or unix:PATH) and, from another machine, an SSH tunnel: ssh -L 5901:127.0.0.1:5901 HOST.`);
    }
    for (const spec of options.upload)
        parseUpload(spec);
    // A title pattern goes to PowerShell's -like, where [ ] would be a character class.
    const exclude = options.updateExclude.find((item) => CONTROL_CHARACTERS.test(item) || /[[\]]/.test(item));
    if (exclude !== undefined) {
        throw names.invalid('updateExclude', `"${exclude}" is neither a KB number nor a title pattern (no control characters, no [ or ])`, 'Give a KB number (KB5034441) or a part of the title with * and ? (*Silverlight*).');
    }
    const script = options.provision.find((file) => !isProvisionScript(file));
    if (script !== undefined) {
        throw names.invalid('provision', `cannot tell how to run "${script}"`, 'A provisioning script ends in .ps1 (PowerShell), .cmd or .bat (cmd.exe): rename it, or wrap it in one.');
    }
    if (options.opensshMsi !== undefined && !/\.msi$/i.test(options.opensshMsi.trim())) {
        throw names.invalid('opensshMsi', `"${options.opensshMsi}" is not an .msi file`, `Give the Win32-OpenSSH MSI for x64, e.g. ${names.setting('opensshMsi', 'OpenSSH-Win64-v9.8.3.0.msi')} (PowerShell/Win32-OpenSSH releases).`);
    }
}
/**
 * Advice that does not stop the build: small disks and memory are fine for tests, not for Windows.
 * Preflight gives these without knowing the caller, so they use the CLI's names.
 */
function optionWarnings(options, target) {
    const warnings = [];
    const minDiskMiB = target.minDiskMiB;
    if (options.diskSizeMiB < minDiskMiB) {
        warnings.push(`--disk-size ${options.diskSizeMiB} MiB is below the ${minDiskMiB} MiB this Windows version expects; Setup may refuse the disk or run out of space.`);
    }
    // `auto` is sized by preflight, which warns about what it chose (memoryWarnings).
    if (options.memoryMiB !== 'auto')
        warnings.push(...memoryWarnings(options.memoryMiB, target));
    if (options.accel === 'tcg') {
        warnings.push('--accel tcg emulates the CPU in software: fine for tests, far too slow for a real Windows install.');
    }
    if (options.password === DEFAULTS.password) {
        // Not the password itself: the build's logger would print it as *** anyway.
        warnings.push("The guest's password is the default one, which anyone who reads this project's README knows: set your own (CLI: --password-file or BAKE_WINDOWS_PASSWORD; action: the password input from a secret).");
    }
    return warnings;
}
/** Guest memory below what Setup needs (2 GiB), or below what this Windows version asks for. Pure. */
function memoryWarnings(memoryMiB, target) {
    if (memoryMiB < 2048) {
        return [`--memory ${memoryMiB} MiB is below the 2048 MiB Windows Setup needs to run well.`];
    }
    if (target.minMemoryMiB !== undefined && memoryMiB < target.minMemoryMiB) {
        return [
            `--memory ${memoryMiB} MiB is below the ${target.minMemoryMiB} MiB ${target.displayName ?? 'this Windows version'} asks for; Setup may refuse or crawl.`,
        ];
    }
    return [];
}

;// CONCATENATED MODULE: ./src/bake/steps/preflight.ts
/**
 * Everything that can be known to fail before anything is created: input media, output, free space,
 * tools, KVM and firmware. Creates nothing.
 * Uses: the options. Produces: os, uiLanguage, productKey, accel, firmware, output.
 */


















const preflight_MiB = 1024 * 1024;
/** Below this much free space nothing sensible can be built at all. */
const HARD_MINIMUM_FREE = 1024 * preflight_MiB;
class Preflight {
    title = 'Checking inputs and host';
    phase = 'preflight';
    async run(context) {
        const { options, logger } = context;
        await checkMedia(options.iso, options.virtioWinIso);
        await inspectMedia(context);
        const target = WINDOWS_TARGETS[context.os];
        logger.info(`Target: ${options.edition} (${context.os}), firmware ${options.firmware}`);
        for (const warning of optionWarnings(options, target))
            logger.warn(warning);
        context.output = checkOutput(options.output);
        if (options.keepFirmwareState)
            (0,firmware_state/* checkFirmwareStateTargets */.zQ)(context.output, options.firmware);
        if (options.opensshMsi)
            await checkOpenSshMsi(options.opensshMsi);
        else if (target.openssh !== 'builtin') {
            logger.warn(`No --openssh-msi: ${target.displayName} will install OpenSSH Server from Windows Update, which needs the guest online. Pass --openssh-msi OpenSSH-Win64-v….msi for an offline bake.`);
        }
        for (const file of options.provision) {
            await checkReadableFile('provision', file, 'a provisioning script (.ps1, .cmd or .bat)');
        }
        for (const spec of options.upload)
            checkUploadSource(spec);
        checkFreeSpace(context);
        (0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.xorrisofs);
        (0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuImg);
        if (!options.dryRun)
            (0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuSystem);
        if (options.firmware === 'uefi-secure' && !options.dryRun)
            (0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.swtpm);
        context.accel = resolveAccel(options.accel);
        context.vmSize = chooseVmSize(options, hostSize());
        logger.info(`VM: ${context.vmSize.cpus} vCPU (${context.vmSize.why.cpus}), ${context.vmSize.memoryMiB} MiB (${context.vmSize.why.memoryMiB})`);
        // Windows 11 asks for 4 GiB; the others run Setup in 2.
        const minMemoryMiB = context.os === 'w11' ? 4096 : undefined;
        for (const warning of memoryWarnings(context.vmSize.memoryMiB, { ...target, minMemoryMiB })) {
            if (options.memoryMiB === 'auto')
                logger.warn(`${warning} (auto: this host has no more to give)`);
        }
        if (options.firmware !== 'bios') {
            context.firmware = findUefiFirmware(options.firmware);
            logger.debug(`Firmware: ${context.firmware.code} (vars template ${context.firmware.varsTemplate})`);
        }
    }
}
/** Which image --edition names, and so the Windows version; whether virtio-win has its drivers. */
async function inspectMedia(context) {
    const { options, logger } = context;
    const media = await readWindowsImages(options.iso);
    const choice = chooseImage(selectImage(media.images, options.edition, options.iso), {
        os: options.os,
        locale: options.locale,
        iso: options.iso,
    });
    const { image } = choice;
    context.os = choice.os;
    context.windowsBuild = image.version?.build;
    context.uiLanguage = choice.uiLanguage;
    logger.info(`Windows image #${image.index} "${image.name}" (${[image.editionId, image.version && `build ${image.version.build}`, image.installationType].filter(Boolean).join(', ') || 'no version data'}) in ${media.path.slice(1)} (${media.discKind})`);
    for (const warning of choice.warnings)
        logger.warn(warning);
    context.productKey = chooseProductKey(options.productKey, image);
    logger.info(describeKeyChoice(context.productKey));
    const virtio = await checkVirtioWin(options.virtioWinIso, choice.os, image.version?.build);
    logger.info(`virtio-win ${virtio.version ?? `(label ${virtio.label})`}: drivers for ${choice.os} present`);
    for (const warning of virtio.warnings)
        logger.warn(warning);
}
async function checkMedia(iso, virtioWinIso) {
    const windows = await checkDiscImage('iso', iso, 'the Windows installation ISO');
    const virtio = await checkDiscImage('virtio-win-iso', virtioWinIso, 'the virtio-win driver ISO');
    if (windows.stats.dev === virtio.stats.dev && windows.stats.ino === virtio.stats.ino) {
        throw new errors/* BuildError */.zS('input-invalid', `--iso and --virtio-win-iso are the same file (${windows.realPath})`, {
            hint: '--iso is the Windows installer; --virtio-win-iso is the driver ISO from the virtio-win project (virtio-win.iso).',
        });
    }
}
/** The file behind a path flag exists, is a file (or block device) and can be opened for reading. */
async function checkReadableFile(flag, file, what) {
    let stats;
    try {
        stats = await (0,promises_.stat)(file);
    }
    catch (error) {
        const code = error.code;
        throw new errors/* BuildError */.zS(code === 'EACCES' ? 'input-unreadable' : 'input-missing', code === 'EACCES' ? `--${flag} ${file}: permission denied` : `--${flag} ${file}: no such file`, { hint: `Give the path of ${what}.` });
    }
    if (stats.isDirectory()) {
        throw new errors/* BuildError */.zS('input-invalid', `--${flag} ${file} is a directory, not a file`, {
            hint: `Give the path of ${what} itself.`,
        });
    }
    if (!stats.isFile() && !stats.isBlockDevice()) {
        throw new errors/* BuildError */.zS('input-invalid', `--${flag} ${file} is not a regular file`, {
            hint: `Give the path of ${what}.`,
        });
    }
    try {
        (0,external_node_fs_.accessSync)(file, external_node_fs_.constants.R_OK);
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(file, 'r'));
    }
    catch (error) {
        throw new errors/* BuildError */.zS('input-unreadable', `--${flag} ${file} cannot be read: ${error.message}`, {
            hint: 'Check the file permissions (the build needs to read it).',
        });
    }
    return stats;
}
async function checkDiscImage(flag, file, what) {
    const stats = await checkReadableFile(flag, file, `${what} (a .iso file)`);
    if (!(await isDiscImage(file))) {
        throw new errors/* BuildError */.zS('input-invalid', `--${flag} ${file} is not an ISO 9660 or UDF disc image`, {
            hint: `Give ${what} (a .iso file); check that the download is complete.`,
        });
    }
    return { stats, realPath: await (0,promises_.realpath)(file) };
}
/** --openssh-msi must be a readable Windows Installer package (an OLE compound file) for x64. */
async function checkOpenSshMsi(file) {
    const what = 'the x64 MSI of a PowerShell/Win32-OpenSSH release (OpenSSH-Win64-v….msi)';
    await checkReadableFile('openssh-msi', file, what);
    const hint = `Give ${what}, or leave --openssh-msi out.`;
    // The guest is x64: msiexec refuses a Win32 or ARM64 package there, and sshd would never come up.
    if (/win32|arm64/i.test(external_node_path_default().basename(file))) {
        throw new errors/* BuildError */.zS('input-invalid', `--openssh-msi ${file} looks like a package for another CPU (the guest is x64)`, { hint });
    }
    if (!(await isCompoundFile(file))) {
        throw new errors/* BuildError */.zS('input-invalid', `--openssh-msi ${file} is not a Windows Installer (.msi) package`, {
            hint,
        });
    }
}
/** The absolute output path; refuses an existing non-empty file and an unwritable location. */
function checkOutput(output) {
    const absolute = external_node_path_default().resolve(output);
    let existing;
    try {
        existing = (0,external_node_fs_.statSync)(absolute);
    }
    catch {
        existing = undefined;
    }
    if (existing?.isDirectory()) {
        throw new errors/* BuildError */.zS('output-exists', `--output ${output} is a directory`, {
            hint: `Name the image file, e.g. --output ${external_node_path_default().join(output, 'windows.qcow2')}`,
        });
    }
    if (existing && existing.size > 0) {
        throw new errors/* BuildError */.zS('output-exists', `--output ${output} already exists and is not empty`, {
            hint: 'Move or delete it first, or choose another --output path; an existing image is never overwritten.',
        });
    }
    const ancestor = nearestExistingDir(external_node_path_default().dirname(absolute));
    if (!canWriteIn(ancestor)) {
        throw new errors/* BuildError */.zS('output-unwritable', `Cannot write to ${ancestor} (for --output ${output})`, {
            hint: 'Choose an --output in a directory you can write to, or fix its permissions.',
        });
    }
    return absolute;
}
function nearestExistingDir(dir) {
    let current = external_node_path_default().resolve(dir);
    for (;;) {
        try {
            if ((0,external_node_fs_.statSync)(current).isDirectory())
                return current;
            throw new errors/* BuildError */.zS('output-unwritable', `${current} exists and is not a directory`, {
                hint: 'Choose an --output path whose parent directories are directories.',
            });
        }
        catch (error) {
            if (error instanceof errors/* BuildError */.zS)
                throw error;
            const parent = external_node_path_default().dirname(current);
            if (parent === current)
                return current;
            current = parent;
        }
    }
}
/**
 * The install disk grows in the work dir to the installed size (Windows 11: ~15–25 GiB), and the compacted
 * copy is written next to the output: fail when a filesystem cannot hold even a GiB, warn when it cannot hold
 * what a typical install of this disk size needs.
 */
function checkFreeSpace(context) {
    const { options, logger } = context;
    const outputDir = external_node_path_default().dirname(context.output);
    const needs = buildSpaceNeeds(options, context.os, options.workDir ?? outputDir, outputDir);
    for (const { dir, bytes } of needs.values()) {
        const stats = (0,external_node_fs_.statfsSync)(dir);
        const free = stats.bavail * stats.bsize;
        const minimum = Math.min(bytes, HARD_MINIMUM_FREE);
        if (free < minimum) {
            throw new errors/* BuildError */.zS('no-space', `Only ${(0,log/* formatBytes */.z3)(free)} free on the filesystem of ${dir}; the build needs at least ${(0,log/* formatBytes */.z3)(minimum)} there`, { hint: 'Free some space, or put --output / --work-dir on a larger filesystem.' });
        }
        if (free < bytes) {
            logger.warn(`Only ${(0,log/* formatBytes */.z3)(free)} free on the filesystem of ${dir}; an install with this disk size typically needs ${(0,log/* formatBytes */.z3)(bytes)} there.`);
        }
    }
}
/** Windows Update's downloads and the superseded components until the cleanup: room on top of the install. */
const WINDOWS_UPDATE_EXTRA_MiB = 10 * 1024;
/**
 * The bytes a build of `os` typically needs, by filesystem (device): the install disk in the work dir, and
 * as much again for the compacted copy next to the output (zstd makes it smaller; no guarantee how much).
 * The action adds the media to this before it downloads them.
 */
function buildSpaceNeeds(options, os, workDir, outputDir) {
    const target = WINDOWS_TARGETS[os];
    const installMiB = target.typicalInstallMiB + (options.windowsUpdate ? WINDOWS_UPDATE_EXTRA_MiB : 0);
    const footprint = Math.min(options.diskSizeMiB, installMiB) * preflight_MiB;
    const needs = new Map();
    for (const dir of [nearestExistingDir(workDir), nearestExistingDir(outputDir)]) {
        const device = String((0,external_node_fs_.statSync)(dir).dev);
        const entry = needs.get(device) ?? { dir, bytes: 0 };
        entry.bytes += footprint;
        needs.set(device, entry);
    }
    return needs;
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: ./src/tools/process.ts
var tools_process = __webpack_require__(48722);
;// CONCATENATED MODULE: ./src/tools/qmp.ts
/**
 * A small QMP client (QEMU Machine Protocol, JSON lines over a unix socket): commands with replies matched by
 * id, and events (RESET on every guest reboot, SHUTDOWN, POWERDOWN) for whoever listens. Every wait is
 * bounded: the greeting, each command; a closed socket rejects whatever is pending. A line that is not JSON
 * is reported as an event, never thrown inside the socket's handler.
 */


const DEFAULT_QMP_OPTIONS = { connectTimeoutMs: 10_000, commandTimeoutMs: 10_000 };
class QmpError extends Error {
    constructor(message) {
        super(message);
        this.name = 'QmpError';
    }
}
class QmpClient extends external_node_events_.EventEmitter {
    socket;
    options;
    buffer = '';
    pending = new Map();
    nextId = 1;
    closed = false;
    greetingSeen = false;
    greeted;
    /** QEMU's version from its greeting (screendump's PNG needs 7.1). */
    qemuVersion;
    constructor(socket, options) {
        super();
        this.socket = socket;
        this.options = options;
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => this.onData(chunk));
        socket.on('close', () => {
            this.closed = true;
            for (const [id, waiter] of this.pending) {
                clearTimeout(waiter.timer);
                this.pending.delete(id);
                waiter.reject(new QmpError(`QMP connection closed before ${waiter.command} answered`));
            }
            this.emit('close');
        });
        socket.on('error', () => {
            // 'close' follows and rejects what is pending.
        });
    }
    /** Connects to a QMP socket, waits for QEMU's greeting and leaves capabilities negotiation mode. */
    static async connect(socketPath, options = DEFAULT_QMP_OPTIONS) {
        const socket = external_node_net_default().createConnection(socketPath);
        let timer;
        const deadline = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new QmpError(`QMP did not greet within ${options.connectTimeoutMs / 1000} s`)), options.connectTimeoutMs);
        });
        try {
            const client = await Promise.race([
                new Promise((resolve, reject) => {
                    socket.once('error', reject);
                    socket.once('connect', () => {
                        socket.off('error', reject);
                        resolve(new QmpClient(socket, options));
                    });
                }),
                deadline,
            ]);
            await Promise.race([client.greeting(), deadline]);
            await client.execute('qmp_capabilities');
            return client;
        }
        catch (error) {
            socket.destroy();
            throw error;
        }
        finally {
            clearTimeout(timer);
        }
    }
    greeting() {
        if (this.greetingSeen)
            return Promise.resolve();
        return new Promise((resolve, reject) => {
            this.greeted = resolve;
            this.once('close', () => reject(new QmpError('QMP connection closed before the greeting')));
        });
    }
    onData(chunk) {
        this.buffer += chunk;
        let newline;
        while ((newline = this.buffer.indexOf('\n')) >= 0) {
            const line = this.buffer.slice(0, newline).trim();
            this.buffer = this.buffer.slice(newline + 1);
            if (line)
                this.onLine(line);
        }
    }
    onLine(line) {
        let message;
        try {
            message = JSON.parse(line);
        }
        catch {
            this.emit('malformed', line);
            return;
        }
        if (typeof message !== 'object' || message === null) {
            this.emit('malformed', line);
            return;
        }
        const record = message;
        if ('QMP' in record) {
            const version = record.QMP?.version;
            this.qemuVersion = version?.qemu;
            this.greetingSeen = true;
            this.greeted?.();
        }
        else if ('event' in record) {
            this.emit('event', record);
        }
        else if ('return' in record || 'error' in record) {
            const waiter = typeof record.id === 'number' ? this.pending.get(record.id) : undefined;
            if (!waiter)
                return; // the reply to a command that already timed out
            this.pending.delete(record.id);
            clearTimeout(waiter.timer);
            if ('return' in record) {
                waiter.resolve(record.return);
            }
            else {
                const error = record.error;
                waiter.reject(new QmpError(`QMP error ${error?.class ?? ''}: ${error?.desc ?? ''} (${waiter.command})`.trim()));
            }
        }
        else {
            this.emit('malformed', line);
        }
    }
    /** Runs a QMP command; resolves to its return value, rejects on an error reply, a timeout or a close. */
    execute(command, args, timeoutMs) {
        if (this.closed)
            return Promise.reject(new QmpError('QMP connection closed'));
        const id = this.nextId++;
        const bound = timeoutMs ?? this.options.commandTimeoutMs;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(new QmpError(`QMP ${command} got no answer within ${bound / 1000} s`));
            }, bound);
            this.pending.set(id, { command, resolve, reject, timer });
            this.socket.write(JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id }) + '\n');
        });
    }
    /** Presses and releases one key (a QEMU qcode, e.g. "ret", "spc"). */
    sendKey(qcode) {
        return this.execute('send-key', { keys: [{ type: 'qcode', data: qcode }] });
    }
    /** Writes the guest's screen to a file on the host: PNG (QEMU ≥ 7.1) or PPM (any QEMU, without `format`). */
    screendump(filename, format) {
        return this.execute('screendump', { filename, ...(format ? { format } : {}) });
    }
    get isClosed() {
        return this.closed;
    }
    close() {
        this.socket.destroy();
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/tools/png.ts
/**
 * Just enough PNG for screenshots, pure and in-process: QEMU before 7.1 dumps the screen only as PPM (P6), which
 * is turned into PNG here; and a decoder for 8-bit, non-interlaced images (what QEMU and this encoder write), so
 * that identical frames are recognised by their pixels and tests can look at them.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 6: 4 };
const COLOR_TYPE = { 1: 0, 3: 2, 4: 6 };
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++)
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});
function crc32(bytes) {
    let c = 0xffffffff;
    for (const byte of bytes)
        c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
}
function encodePng(image) {
    const { width, height, channels, data } = image;
    const stride = width * channels;
    if (data.length !== stride * height)
        throw new Error(`PNG: ${data.length} bytes for ${width}x${height}x${channels}`);
    // Filter type 0 (none) on every row: screenshots are large flat areas that deflate well without filters.
    const raw = Buffer.alloc((stride + 1) * height);
    for (let y = 0; y < height; y++)
        data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, COLOR_TYPE[channels], 0, 0, 0], 8);
    return Buffer.concat([
        SIGNATURE,
        chunk('IHDR', header),
        chunk('IDAT', (0,external_node_zlib_.deflateSync)(raw)),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}
function paeth(a, b, c) {
    const p = a + b - c;
    const pa = Math.abs(p - a);
    const pb = Math.abs(p - b);
    const pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
function predictor(filter, left, up, upLeft) {
    switch (filter) {
        case 0:
            return 0;
        case 1:
            return left;
        case 2:
            return up;
        case 3:
            return (left + up) >> 1;
        case 4:
            return paeth(left, up, upLeft);
        default:
            throw new Error(`PNG: unknown filter ${filter}`);
    }
}
/** Decodes an 8-bit grey, RGB or RGBA PNG without interlacing; throws on anything else. */
function decodePng(png) {
    if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE))
        throw new Error('PNG: no PNG signature');
    let width = 0;
    let height = 0;
    let channels;
    const idat = [];
    for (let at = 8; at + 8 <= png.length;) {
        const length = png.readUInt32BE(at);
        const type = png.toString('latin1', at + 4, at + 8);
        const body = png.subarray(at + 8, at + 8 + length);
        if (type === 'IHDR') {
            width = body.readUInt32BE(0);
            height = body.readUInt32BE(4);
            channels = CHANNELS[body[9]];
            if (body[8] !== 8 || !channels || body[12] !== 0)
                throw new Error(`PNG: bit depth ${body[8]}, colour type ${body[9]}, interlace ${body[12]} not supported`);
        }
        else if (type === 'IDAT')
            idat.push(body);
        else if (type === 'IEND')
            break;
        at += 12 + length;
    }
    if (!channels)
        throw new Error('PNG: no IHDR');
    const raw = (0,external_node_zlib_.inflateSync)(Buffer.concat(idat));
    const stride = width * channels;
    if (raw.length < (stride + 1) * height)
        throw new Error('PNG: image data too short');
    const data = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const row = y * stride;
        for (let x = 0; x < stride; x++) {
            const value = raw[y * (stride + 1) + 1 + x];
            const left = x >= channels ? data[row + x - channels] : 0;
            const up = y > 0 ? data[row - stride + x] : 0;
            const upLeft = y > 0 && x >= channels ? data[row - stride + x - channels] : 0;
            data[row + x] = (value + predictor(filter, left, up, upLeft)) & 0xff;
        }
    }
    return { width, height, channels, data };
}
/** A binary PPM (P6, maxval 255) → its pixels; QEMU's screendump format before PNG. */
function decodePpm(ppm) {
    // The header is "P6", width, height, maxval, separated by whitespace (comments start with #), then one byte.
    const fields = [];
    let at = 0;
    while (fields.length < 4 && at < ppm.length) {
        const byte = ppm[at];
        if (byte === 0x23) {
            while (at < ppm.length && ppm[at] !== 0x0a)
                at++;
        }
        else if (/\s/.test(String.fromCharCode(byte))) {
            at++;
        }
        else {
            let end = at;
            while (end < ppm.length && !/\s/.test(String.fromCharCode(ppm[end])))
                end++;
            fields.push(ppm.toString('latin1', at, end));
            at = end;
        }
    }
    const [magic, w, h, max] = fields;
    if (magic !== 'P6' || max !== '255')
        throw new Error(`PPM: not a P6 image with maxval 255 (${fields.join(' ')})`);
    const width = Number(w);
    const height = Number(h);
    const data = ppm.subarray(at + 1, at + 1 + width * height * 3);
    if (!(width > 0 && height > 0) || data.length !== width * height * 3)
        throw new Error('PPM: image data too short');
    return { width, height, channels: 3, data: Buffer.from(data) };
}
function ppmToPng(ppm) {
    return encodePng(decodePpm(ppm));
}

;// CONCATENATED MODULE: ./src/tools/screendump.ts
/**
 * One screenshot of the guest as PNG bytes, through QMP's screendump: PNG straight from QEMU ≥ 7.1, else its
 * PPM converted here. QEMU writes the file itself (it must be a path QEMU can write); it is removed again.
 */


/** QEMU 7.1 added screendump's `format` argument (and PNG). */
function screendumpTakesPng(version) {
    return version !== undefined && (version.major > 7 || (version.major === 7 && version.minor >= 1));
}
async function screendumpPng(qmp, scratchFile) {
    const png = screendumpTakesPng(qmp.qemuVersion);
    try {
        await qmp.screendump(scratchFile, png ? 'png' : undefined);
        const bytes = await (0,promises_.readFile)(scratchFile);
        return png ? bytes : ppmToPng(bytes);
    }
    finally {
        await (0,promises_.rm)(scratchFile, { force: true });
    }
}

// EXTERNAL MODULE: ./src/tools/wait-for-path.ts
var wait_for_path = __webpack_require__(92794);
;// CONCATENATED MODULE: ./src/vm/heartbeat.ts
/**
 * The heartbeat line, at least once a minute while the VM runs: phase, time since the build started,
 * reboots, the disk's allocation and how fast it grows, and the time left when earlier builds tell. Pure.
 */

function heartbeatLine(facts) {
    const parts = [`${(0,log/* formatDuration */.a3)(facts.elapsedMs)} elapsed`, `${facts.reboots} reboots`];
    if (facts.diskBytes !== undefined) {
        const rate = facts.diskBytesPerSecond === undefined
            ? ''
            : ` (+${(0,log/* formatBytes */.z3)(Math.max(0, facts.diskBytesPerSecond))}/s)`;
        parts.push(`disk ${(0,log/* formatBytes */.z3)(facts.diskBytes)} written${rate}`);
    }
    if (facts.remainingMs !== undefined)
        parts.push(`about ${(0,log/* formatDuration */.a3)(facts.remainingMs)} left`);
    return `${facts.phase}: ${parts.join(', ')}`;
}
/** Disk growth per second between two samples; undefined without an earlier one or time between them. */
function diskRate(previous, bytes, at) {
    if (!previous || at <= previous.at)
        return undefined;
    return ((bytes - previous.bytes) * 1000) / (at - previous.at);
}

;// CONCATENATED MODULE: ./src/vm/reboot-counter.ts
/**
 * Counts guest reboots from QMP RESET events. One reboot can raise several RESETs in a row (the kernel tries
 * reset methods in turn, the firmware resets again), so RESETs closer together than the debounce are one.
 */
class RebootCounter {
    debounceMs;
    last = Number.NEGATIVE_INFINITY;
    count = 0;
    constructor(debounceMs) {
        this.debounceMs = debounceMs;
    }
    /** Records a RESET at `now` (ms); true when it starts a new reboot. */
    reset(now) {
        const sameReboot = now - this.last < this.debounceMs;
        this.last = now;
        if (sameReboot)
            return false;
        this.count++;
        return true;
    }
    get reboots() {
        return this.count;
    }
}

;// CONCATENATED MODULE: ./src/vm/screens.ts
/**
 * Screenshots of the running VM, kept in the work dir: every `intervalMs`, and whenever the session asks
 * (a reboot, a phase change, a failure). A frame identical to the one before is not kept twice, and the set is
 * bounded (the first of each phase plus the last `keepLast`), so a slow install cannot fill the disk. Taking
 * a screenshot never throws into the build: a failed one is a debug line.
 */





const KEEP_LAST = 20;
/** A file-name part: "Windows Setup (2 reboots so far)" → "windows-setup". */
function screens_slug(text) {
    return (text
        .replace(/\([^)]*\)/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40)
        .replace(/-+$/, '') || 'none');
}
/** What makes two frames the same: their pixels (two PNG encoders may differ for one picture). */
function frameHash(png) {
    let pixels = png;
    try {
        pixels = decodePng(png).data;
    }
    catch {
        // Not a PNG this decoder reads: the bytes are the next best thing.
    }
    return (0,external_node_crypto_.createHash)('sha256').update(pixels).digest('hex');
}
class ScreenRecorder {
    options;
    kept = [];
    phasesSeen = new Set();
    keepLast;
    lastHash;
    count = 0;
    queue = Promise.resolve();
    timer;
    stopped = false;
    constructor(options) {
        this.options = options;
        this.keepLast = options.keepLast ?? KEEP_LAST;
        try {
            (0,external_node_fs_.mkdirSync)(options.dir, { recursive: true, mode: 0o700 });
        }
        catch (error) {
            options.logger.debug(`No screenshots: cannot create ${options.dir}: ${error.message}`);
            this.stopped = true;
            return;
        }
        if (options.intervalMs > 0) {
            this.timer = setInterval(() => void this.capture('interval'), options.intervalMs);
            // A screenshot timer alone must not keep the process alive.
            this.timer.unref();
        }
    }
    get dir() {
        return this.options.dir;
    }
    /** Takes one screenshot now; the PNG kept, or undefined (same as the last frame, failed, stopped). */
    capture(reason) {
        if (this.stopped)
            return Promise.resolve(undefined);
        // The phase when asked (a reboot's screenshot belongs to the phase the reboot ended), and one at a time: the
        // numbering and the "same as the last frame" check follow the order of the calls.
        const phase = screens_slug(this.options.phase());
        const taken = this.queue.then(() => this.take(reason, phase));
        this.queue = taken;
        return taken;
    }
    /** The PNGs kept, oldest first. */
    files() {
        return this.kept.map((entry) => entry.file);
    }
    latest() {
        return this.kept.at(-1)?.file;
    }
    stop() {
        this.stopped = true;
        clearInterval(this.timer);
    }
    async take(reason, phase) {
        if (this.stopped)
            return undefined;
        try {
            const png = await this.options.grab();
            const hash = frameHash(png);
            if (hash === this.lastHash)
                return undefined;
            const number = String(++this.count).padStart(4, '0');
            const file = external_node_path_default().join(this.options.dir, `${number}-${phase}-${screens_slug(reason)}.png`);
            await (0,promises_.writeFile)(file, png, { mode: 0o600 });
            this.lastHash = hash;
            this.kept.push({ file, firstOfPhase: !this.phasesSeen.has(phase) });
            this.phasesSeen.add(phase);
            await this.prune();
            this.options.onSaved?.(file, reason);
            return file;
        }
        catch (error) {
            this.options.logger.debug(`Screenshot (${reason}) not taken: ${error.message}`);
            return undefined;
        }
    }
    /** Drops what is neither the first of its phase nor among the last `keepLast`. */
    async prune() {
        const recent = this.kept.length - this.keepLast;
        const dropped = this.kept.filter((entry, index) => index < recent && !entry.firstOfPhase);
        if (dropped.length === 0)
            return;
        for (const entry of dropped)
            this.kept.splice(this.kept.indexOf(entry), 1);
        await Promise.all(dropped.map((entry) => (0,promises_.rm)(entry.file, { force: true })));
    }
}

;// CONCATENATED MODULE: ./src/vm/serial-log.ts
/**
 * Follows the guest's serial console (a file QEMU appends to) line by line, as it is written: inotify for
 * immediacy, a short poll as a fallback for filesystems without it. The guest's "ready" line and the
 * firmware's boot lines are noticed within milliseconds.
 */


const POLL_MS = 250;
const TAIL_LINES = 40;
/** Removes terminal control sequences (firmware and boot loaders paint the screen with them). */
function plainText(line) {
    // eslint-disable-next-line no-control-regex
    return line.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>c]|[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
class SerialLog extends external_node_events_.EventEmitter {
    file;
    fd;
    offset = 0;
    partial = '';
    recent = [];
    watcher;
    timer;
    closed = false;
    /** Creates (truncates) the file and starts following it. */
    constructor(file) {
        super();
        this.file = file;
        (0,external_node_fs_.writeFileSync)(file, '', { mode: 0o600 });
        this.fd = (0,external_node_fs_.openSync)(file, 'r');
        try {
            this.watcher = (0,external_node_fs_.watch)(file, () => this.readNew());
        }
        catch {
            this.watcher = undefined;
        }
        this.timer = setInterval(() => this.readNew(), POLL_MS);
    }
    /** Reads whatever was appended since the last read and emits complete lines. */
    readNew() {
        if (this.closed)
            return;
        const chunk = Buffer.alloc(64 * 1024);
        for (;;) {
            let bytes;
            try {
                bytes = (0,external_node_fs_.readSync)(this.fd, chunk, 0, chunk.length, this.offset);
            }
            catch {
                return;
            }
            if (bytes <= 0)
                return;
            this.offset += bytes;
            this.partial += chunk.toString('utf8', 0, bytes);
            const lines = this.partial.split(/\r?\n|\r/);
            this.partial = lines.pop() ?? '';
            for (const raw of lines)
                this.accept(raw);
            // A prompt waiting for a key often has no newline yet.
            const pending = plainText(this.partial).trim();
            if (pending)
                this.emit('partial', pending);
        }
    }
    accept(raw) {
        const line = plainText(raw).trimEnd();
        if (!line)
            return;
        this.recent.push(line);
        if (this.recent.length > TAIL_LINES)
            this.recent.shift();
        this.emit('line', line);
    }
    /** The last lines seen, for error messages; a pending partial line (e.g. a prompt) is included. */
    tail(count = 15) {
        const pending = plainText(this.partial).trim();
        const lines = pending ? [...this.recent, pending] : this.recent;
        return lines.slice(-count);
    }
    /** The text written so far but not yet ended by a newline (prompts often end without one). */
    get pendingText() {
        return plainText(this.partial);
    }
    /** Reads what is left, then stops following. Safe to call twice (a closed fd's number is reused). */
    close() {
        if (this.closed)
            return;
        this.readNew();
        this.closed = true;
        this.watcher?.close();
        clearInterval(this.timer);
        try {
            (0,external_node_fs_.closeSync)(this.fd);
        }
        catch {
            // already closed
        }
    }
}

;// CONCATENATED MODULE: ./src/vm/session.ts
/**
 * One running VM, shared by the steps that drive it: the QEMU process, its QMP monitor, the serial console,
 * the SSH target, the reboot count, and what the build is doing with it (the phase, for the heartbeat and for
 * error messages). The step that starts it stops it, in its cleanup.
 */
















class VmSession extends external_node_events_.EventEmitter {
    qemu;
    serial;
    /** Screenshots of the VM (undefined when they are off). */
    screens;
    /** Keys sent to the VM (boot prompt answers). */
    keysSent = 0;
    /** The time left, when earlier builds of the same kind tell (set by the build); for the heartbeat. */
    estimateRemaining;
    spec;
    timings;
    ssh;
    /** QEMU's executable and arguments, as started (for the failure bundle). */
    commandLine;
    logger;
    startedAt;
    counter;
    heartbeat;
    diskTimer;
    lastBeat;
    qmpClient;
    currentPhase = 'starting QEMU';
    constructor(options, executable, qemu, serial) {
        super();
        this.qemu = qemu;
        this.serial = serial;
        this.spec = options.spec;
        this.timings = options.timings;
        this.ssh = options.ssh;
        this.commandLine = [executable, ...options.argv];
        this.logger = options.logger;
        this.startedAt = options.startedAt;
        this.counter = new RebootCounter(options.timings.rebootDebounceMs);
    }
    /** Starts QEMU and connects to its monitor; on failure nothing is left running. */
    static async start(options) {
        const { spec, logger } = options;
        const executable = (0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuSystem);
        const serial = new SerialLog(spec.serialLog);
        logger.debug(`QEMU: ${formatCommand([executable, ...options.argv])}`);
        const session = new VmSession(options, executable, new tools_process/* ManagedProcess */.T(executable, options.argv), serial);
        logger.info(`QEMU started (pid ${session.qemu.pid}, ${spec.accel}, ${spec.cpus} vCPU, ${spec.memoryMiB} MiB); SSH forward 127.0.0.1:${spec.sshHostPort}; serial log ${spec.serialLog}`);
        try {
            session.qmpClient = await session.connectQmp();
        }
        catch (error) {
            await session.stop();
            throw error;
        }
        session.qmp.on('event', (event) => {
            if (event.event === 'RESET')
                session.onReset();
            else if (event.event === 'SHUTDOWN')
                logger.debug(`Guest powered off (${JSON.stringify(event.data ?? {})})`);
        });
        session.qmp.on('malformed', (line) => logger.debug(`QMP sent a line that is not JSON: ${line}`));
        if (spec.vnc)
            logger.info(`VNC: watch the VM at ${vncDisplayName(spec.vnc)}`);
        if (options.screens) {
            const { dir, intervalMs, phase } = options.screens;
            session.screens = new ScreenRecorder({
                dir,
                intervalMs,
                logger,
                phase: phase ?? (() => session.phase),
                onSaved: (file, reason) => session.emit('screenshot', file, reason),
                // QEMU writes the dump itself: a scratch file beside the PNGs, never a kept name.
                grab: () => screendumpPng(session.qmp, external_node_path_default().join(dir, '.screendump')),
            });
        }
        session.heartbeat = setInterval(() => session.beat(), options.timings.heartbeatMs);
        session.heartbeat.unref();
        session.diskTimer = setInterval(() => {
            const bytes = session.diskBytes();
            if (bytes !== undefined)
                session.emit('disk', bytes);
        }, options.timings.diskSampleMs);
        session.diskTimer.unref();
        // Once QEMU is gone there is nothing to follow or report (compaction has its own lines).
        void session.qemu.exited.then(() => {
            session.stopTimers();
            session.serial.close();
        });
        return session;
    }
    /** What the build does with the VM now, e.g. "Windows Setup (2 reboots so far)"; set by the steps. */
    get phase() {
        return this.currentPhase;
    }
    /** A phase change gets a screenshot: the screen as the phase before left it. */
    set phase(phase) {
        if (phase === this.currentPhase)
            return;
        this.currentPhase = phase;
        void this.screens?.capture('phase');
    }
    get qmp() {
        if (!this.qmpClient)
            throw new Error('QMP is not connected');
        return this.qmpClient;
    }
    get reboots() {
        return this.counter.reboots;
    }
    get running() {
        return this.qemu.running;
    }
    /** "12m 3s" since the build started. */
    elapsed() {
        return (0,log/* formatDuration */.a3)(Date.now() - this.startedAt);
    }
    /** Bytes allocated in the install disk's file; undefined when it cannot be read. */
    diskBytes() {
        try {
            return (0,external_node_fs_.statSync)(this.spec.disk.path).blocks * 512;
        }
        catch {
            return undefined;
        }
    }
    /** What the heartbeat says now: phase, elapsed time, reboots, disk written and its rate, time left. */
    heartbeatFacts(now = Date.now()) {
        const bytes = this.diskBytes();
        const remainingMs = this.estimateRemaining?.();
        return {
            phase: this.phase,
            elapsedMs: now - this.startedAt,
            reboots: this.reboots,
            ...(bytes === undefined ? {} : { diskBytes: bytes }),
            ...(bytes === undefined ? {} : { diskBytesPerSecond: diskRate(this.lastBeat, bytes, now) }),
            ...(remainingMs === undefined ? {} : { remainingMs }),
        };
    }
    /** The heartbeat line, for messages. */
    describe() {
        return heartbeatLine(this.heartbeatFacts());
    }
    /** Sends one key to the guest (a QEMU qcode); a failure is logged, not thrown. */
    pressKey(why, qcode = 'ret') {
        this.keysSent++;
        this.logger.info(`Answering the boot prompt (${why})`);
        this.emit('key', qcode);
        this.qmp
            .sendKey(qcode)
            .catch((error) => this.logger.warn(`Could not send the key: ${error.message}`));
    }
    /** Runs a command in the guest over SSH (cmd.exe command line); throws SshError. */
    runInGuest(command, timeoutMs = this.timings.sshCommandMs, stdinOrOptions) {
        return runCommand(this.ssh, command, timeoutMs, stdinOrOptions);
    }
    /** The last lines of the serial console, for error messages. */
    serialTail() {
        const tail = this.serial.tail(15);
        return tail.length
            ? `Last lines of the serial console:\n  ${tail.join('\n  ')}`
            : 'The serial console stayed silent.';
    }
    /** The error for QEMU having exited on its own `when`. */
    exitedError(when) {
        const stderr = this.qemu.stderrTail();
        return new errors/* BuildError */.zS('guest-exited', `QEMU stopped ${when}: ${this.qemu.describeExit()}${this.reboots ? ` after ${this.reboots} reboots` : ''} (${this.elapsed()}).\n${this.serialTail()}${stderr ? `\nQEMU said:\n  ${stderr.split('\n').join('\n  ')}` : ''}`, {
            hint: 'A guest that powers off during Setup usually hit an error screen: see the last screenshot and the serial log in the failure bundle.',
        });
    }
    /** Stops QEMU (SIGTERM, then SIGKILL), closes the monitor and the serial log. Safe to call twice. */
    async stop() {
        this.stopTimers();
        this.qmpClient?.close();
        await this.qemu.stop(this.timings.killGraceMs);
        this.serial.close();
    }
    /** One heartbeat: the line in the log, the facts to whoever listens (the build's events). */
    beat() {
        const now = Date.now();
        const facts = this.heartbeatFacts(now);
        if (facts.diskBytes !== undefined)
            this.lastBeat = { bytes: facts.diskBytes, at: now };
        this.logger.info(`… ${heartbeatLine(facts)}`);
        this.emit('heartbeat', facts);
    }
    stopTimers() {
        clearInterval(this.heartbeat);
        clearInterval(this.diskTimer);
        this.screens?.stop();
    }
    onReset() {
        if (!this.counter.reset(Date.now()))
            return;
        this.logger.info(`Guest rebooted (${this.reboots}) at ${this.elapsed()}`);
        void this.screens?.capture('reboot');
        this.emit('reboot', this.reboots);
    }
    /**
     * QEMU creates its QMP socket within milliseconds of starting: wait for it to appear (or QEMU to exit),
     * then connect. A connect that comes between QEMU's bind and listen is refused: that one is tried again.
     */
    async connectQmp() {
        const { qmpSocket } = this.spec;
        const deadline = Date.now() + this.timings.qmpConnectMs;
        const appeared = await (0,wait_for_path/* waitForPath */.W)(qmpSocket, {
            timeoutMs: this.timings.qmpConnectMs,
            until: this.qemu.exited,
        });
        for (;;) {
            if (!this.qemu.running)
                throw this.exitedError('before the VM started');
            const remaining = deadline - Date.now();
            try {
                if (appeared !== 'appeared')
                    throw new Error(`${qmpSocket} did not appear`);
                return await QmpClient.connect(qmpSocket, {
                    connectTimeoutMs: Math.max(1, Math.min(remaining, this.timings.qmpCommandMs)),
                    commandTimeoutMs: this.timings.qmpCommandMs,
                });
            }
            catch (error) {
                // A monitor that closed at once is usually a QEMU that is exiting: its own words say why.
                if (await exitsSoon(this.qemu))
                    throw this.exitedError('before the VM started');
                const refused = error.code === 'ECONNREFUSED';
                if (!refused || Date.now() >= deadline) {
                    throw new errors/* BuildError */.zS('vm-failed', `Could not reach QEMU's monitor at ${qmpSocket}: ${error.message}`, { hint: 'QEMU started but its QMP socket never answered; see its output above.' });
                }
                await new Promise((resolve) => setTimeout(resolve, this.timings.socketRetryMs));
            }
        }
    }
}
/** True when the process has exited, or does within a second. */
async function exitsSoon(process) {
    let timer;
    const second = new Promise((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
    const exited = await Promise.race([process.exited.then(() => true), second]);
    clearTimeout(timer);
    return exited;
}

;// CONCATENATED MODULE: ./src/bake/phase-tracker.ts
/**
 * Which phase of the install the VM is in, derived from what the host can see: the key that started Setup,
 * the disk filling up while Setup copies files, QMP RESET events (Setup reboots after WinPE and after
 * specialize), the first-logon script's COM1 lines and its ready line. No timers: a slow host only makes
 * each phase longer. Pure (fed signals, reports through callbacks), so recorded sequences test it.
 */


/**
 * Growth of the disk's allocation on the first boot that means Setup is partitioning and copying: more than
 * a firmware or a boot loader ever writes, far less than formatting and the first files.
 */
const SETUP_WRITES_BYTES = 4 * 1024 * 1024;
const STEP_LINE = /^step '(.+)' (started|ok|FAILED)(?:: (.*))?$/;
/** `step 'start sshd' FAILED: …` (after the progress prefix) → its step, status and error. */
function parseGuestStep(message) {
    const match = STEP_LINE.exec(message.trim());
    if (!match)
        return undefined;
    const status = match[2] === 'FAILED' ? 'failed' : match[2];
    return { step: match[1], status, ...(match[3] ? { error: match[3] } : {}) };
}
class PhaseTracker {
    options;
    phaseNow = 'boot';
    firstDisk;
    constructor(options) {
        this.options = options;
    }
    get phase() {
        return this.phaseNow;
    }
    feed(signal) {
        switch (signal.kind) {
            case 'key':
                // The key at the installer's prompt starts Setup (UEFI); BIOS media boot into it without one.
                this.advance('setup-files');
                break;
            case 'disk':
                this.firstDisk ??= signal.bytes;
                if (this.phaseNow === 'boot' && signal.bytes - this.firstDisk >= SETUP_WRITES_BYTES)
                    this.advance('setup-files');
                break;
            case 'reboot':
                // WinPE reboots into specialize, specialize into OOBE; any later reboot stays in OOBE.
                this.advance(signal.reboots >= 2 ? 'oobe' : 'setup-devices');
                break;
            case 'line':
                this.onLine(signal.text);
                break;
        }
    }
    onLine(text) {
        if (text.includes(READY_SIGNAL)) {
            this.advance('ssh');
            return;
        }
        const at = text.indexOf(GUEST_PROGRESS_PREFIX);
        if (at < 0)
            return;
        this.advance('first-logon');
        const report = parseGuestStep(text.slice(at + GUEST_PROGRESS_PREFIX.length));
        if (report)
            this.options.onGuestStep?.(report);
    }
    /** Phases only move forward: a late signal of an earlier phase changes nothing. */
    advance(phase) {
        if (PHASE_ORDER.indexOf(phase) <= PHASE_ORDER.indexOf(this.phaseNow))
            return;
        this.phaseNow = phase;
        this.options.onPhase(phase);
    }
}

;// CONCATENATED MODULE: ./src/bake/vm-progress.ts




/** Starts following `session`; returns the function that stops it. */
function followVm(context, session) {
    const { timeline, events } = context;
    const tracker = new PhaseTracker({
        onPhase: (phase) => {
            // The steps' phases have their own "==>" lines; these come from the guest's signals.
            if (timeline.advance(phase))
                context.logger.info(`Phase: ${PHASES[phase]}`);
        },
        onGuestStep: ({ step, status, error }) => timeline.guestStep(step, status, error),
    });
    const previous = context.historyFile
        ? readHistory(context.historyFile).filter((entry) => entry.kind === buildKind(context))
        : [];
    session.estimateRemaining = () => {
        const current = timeline.current;
        return current && estimateRemainingMs(previous, current.name, Date.now() - current.startedAt);
    };
    if (timeline.current)
        session.phase = timeline.current.title;
    const offPhase = timeline.onPhase((phase) => {
        session.phase = phase.title;
    });
    const onKey = () => tracker.feed({ kind: 'key' });
    const onDisk = (bytes) => tracker.feed({ kind: 'disk', bytes });
    const sampleDisk = () => {
        const bytes = session.diskBytes();
        if (bytes !== undefined)
            tracker.feed({ kind: 'disk', bytes });
    };
    // What the disk held before anything ran: Setup's writes are counted from here.
    sampleDisk();
    const onReboot = (reboots) => {
        // A short WinPE can write everything between two samples: what it wrote before it rebooted counts.
        sampleDisk();
        timeline.reboot(reboots);
        tracker.feed({ kind: 'reboot', reboots });
    };
    const onLine = (text) => tracker.feed({ kind: 'line', text });
    const onHeartbeat = (facts) => events.emit({ type: 'heartbeat', ...facts, line: heartbeatLine(facts) });
    const onScreenshot = (file, reason) => events.emit({ type: 'screenshot', file, reason });
    session.on('key', onKey);
    session.on('disk', onDisk);
    session.on('reboot', onReboot);
    session.on('heartbeat', onHeartbeat);
    session.on('screenshot', onScreenshot);
    session.serial.on('line', onLine);
    return () => {
        offPhase();
        session.off('key', onKey);
        session.off('disk', onDisk);
        session.off('reboot', onReboot);
        session.off('heartbeat', onHeartbeat);
        session.off('screenshot', onScreenshot);
        session.serial.off('line', onLine);
    };
}

;// CONCATENATED MODULE: ./src/bake/steps/run-vm.ts
/**
 * Starts the VM. Uses: vm (the plan), timings, the account, the TPM on vm.tpmSocket (StartTpm), the work dir,
 * --screenshot-interval and the timeline. Produces: session (QEMU running, its monitor connected, the serial
 * console followed, reboots counted, screenshots in <workDir>/screens, its phases tracked into the timeline).
 * This step's cleanup stops QEMU, on success (already powered off by then) and failure alike.
 */






/** How often QEMU is started again when another process took its SSH port between the plan and QEMU's bind. */
const PORT_RACE_TRIES = 3;
/** QEMU's words when the SSH forward's port is taken (slirp's bind failed). */
function lostPortRace(error) {
    return error instanceof errors/* BuildError */.zS && /Could not set up host forwarding rule/.test(error.message);
}
class RunVm {
    title = 'Starting the VM';
    session;
    unfollow;
    async run(context) {
        // The port was free when planned; another build (or anything) may bind it before QEMU does: a new one.
        // swtpm (--terminate) serves the next QEMU too: QEMU sets up its -netdev, where the forward fails, before
        // it initialises the TPM, so the failed one never started a TPM session (ssh-port-race.test.ts holds it).
        for (let attempt = 1;; attempt++) {
            try {
                await this.start(context);
                return;
            }
            catch (error) {
                if (!lostPortRace(error) || attempt >= PORT_RACE_TRIES)
                    throw error;
                const port = await freeLoopbackPort();
                context.logger.info(`The SSH port ${context.vm.sshHostPort} was taken before QEMU bound it; trying ${port}`);
                context.vm = { ...context.vm, sshHostPort: port };
            }
        }
    }
    async start(context) {
        const spec = context.vm;
        this.session = await VmSession.start({
            spec,
            argv: this.qemuArgv(spec),
            timings: context.timings,
            ssh: {
                host: '127.0.0.1',
                port: spec.sshHostPort,
                username: context.options.username,
                password: context.options.password,
            },
            logger: context.logger,
            startedAt: context.startedAt,
            screens: screensOf(context),
        });
        this.unfollow = followVm(context, this.session);
        context.session = this.session;
    }
    async cleanup() {
        this.unfollow?.();
        await this.session?.stop();
    }
    /** QEMU's command line for the plan. */
    qemuArgv(spec) {
        return qemuArgs(spec);
    }
}
/** Screenshots named by the timeline's phase: 0007-setup-devices-reboot.png. */
function screensOf(context) {
    const seconds = context.options.screenshotIntervalSeconds;
    if (seconds <= 0)
        return undefined;
    return {
        dir: external_node_path_default().join(context.workDir, 'screens'),
        intervalMs: seconds * 1000,
        phase: () => context.timeline.current?.name ?? 'boot',
    };
}

;// CONCATENATED MODULE: ./src/bake/steps/shut-down.ts
/**
 * Powers the guest off cleanly: over SSH, sshd's host keys are deleted (each copy of the image makes its own)
 * and then, in the same session, `shutdown /s` (the session dropping is success); then waits for QEMU to
 * exit; if it does not, the ACPI power button. Keys that cannot be deleted fail the build before the
 * shutdown. A guest that ignores both is stopped (QMP quit, then kill) and fails the build: its disk was
 * never shut down. Every wait honours cancellation and the deadline. Uses: session, timings, readyAt.
 * Produces: a VM that has exited, its disk complete, without host keys.
 */





class ShutDown {
    title = 'Shutting down';
    phase = 'shutdown';
    async run(context) {
        const session = context.session;
        const { timings } = session;
        session.phase = 'shutting down';
        // A VM that is gone already (crashed, killed) never shut Windows down: its disk is not an image.
        if (!session.running)
            throw session.exitedError('before the guest was asked to shut down');
        const asked = Date.now();
        let result;
        try {
            result = await (0,bake_deadline/* waitWithin */.rE)(context, session.runInGuest(FINAL_SHUTDOWN_COMMAND, timings.shutdownCommandMs), timings.shutdownCommandMs, 'asking the guest to shut down');
        }
        catch (error) {
            if (error instanceof SshError && error.kind === 'auth')
                throw sshAuthError(error);
            if (error instanceof errors/* BuildError */.zS)
                throw error; // cancelled, or out of time
            // Any other SSH outcome: the session dropping as the guest goes down is the expected one.
            context.logger.debug(`The shutdown request ended with: ${error.message}`);
        }
        // An exit code other than 0 with the session intact: deleting the host keys failed, nothing shut down.
        if (result && result.code !== null && result.code !== 0) {
            const said = firstWords(result);
            throw new errors/* BuildError */.zS('guest-step-failed', `Could not delete the host keys of sshd before the shutdown (exit code ${result.code}): ${said}`, {
                hint: 'Every copy of the image would share one private SSH host key. Rerun with --keep-work-dir and look at C:\\ProgramData\\ssh in the guest.',
            });
        }
        context.logger.info('Asked the guest to shut down');
        await this.waitForPowerOff(context, session);
        const readyAt = context.readyAt ?? asked;
        context.logger.info(`Guest powered off ${(0,log/* formatDuration */.a3)(Date.now() - asked)} after the shutdown request (${(0,log/* formatDuration */.a3)(Date.now() - readyAt)} after ready)`);
    }
    async waitForPowerOff(context, session) {
        const { timings } = session;
        const exited = session.qemu.exited.then(() => true);
        const within = (ms) => (0,bake_deadline/* waitWithin */.rE)(context, exited, ms, 'waiting for the guest to power off');
        if (await within(timings.powerOffMs))
            return;
        context.logger.warn(`The guest did not power off within ${timings.powerOffMs / 1000} s: pressing the ACPI power button`);
        await session.qmp.execute('system_powerdown').catch(() => undefined);
        if (await within(timings.acpiPowerOffMs))
            return;
        // Windows did not shut down: whatever it had not written is lost, so the disk is no image to ship.
        context.logger.warn('Still running: asking QEMU to quit');
        await session.qmp.execute('quit').catch(() => undefined);
        if (!(await within(timings.quitMs))) {
            context.logger.warn('Still running: killing QEMU');
            await session.qemu.stop(0);
        }
        throw new errors/* BuildError */.zS('vm-failed', `The guest did not shut down: no power-off within ${timings.powerOffMs / 1000} s of the shutdown request, nor ${timings.acpiPowerOffMs / 1000} s after the ACPI power button, so QEMU was stopped.\n${session.serialTail()}`, {
            hint: 'A disk whose Windows never shut down is not kept as an image. Something in the guest blocks shutdown (an installer waiting, an update); rerun with --keep-work-dir to look at the disk.',
        });
    }
}

// EXTERNAL MODULE: ./src/bake/steps/start-tpm.ts
var start_tpm = __webpack_require__(67051);
;// CONCATENATED MODULE: ./src/bake/steps/trim.ts
/**
 * Frees the guest's unused space in the disk image before compaction: TRIM of C: (ReTrim), else the same
 * through defrag /L, else zero-filling the free space (QEMU's detect-zeroes=unmap turns zeros into holes).
 * Each failure is read (exit code, Windows' message) and logged with the fallback taken; a guest that cannot
 * be trimmed at all makes a larger image, never a failed build. Uses: session, timings, deadline.
 */



class TrimFreeSpace {
    title = 'Trimming free space';
    phase = 'trim';
    async run(context) {
        const session = context.session;
        const { timings } = session;
        const methods = [
            { name: 'ReTrim of C:', command: powershellCommand(RETRIM_SCRIPT), timeoutMs: timings.trimMs },
            { name: DEFRAG_RETRIM_COMMAND, command: DEFRAG_RETRIM_COMMAND, timeoutMs: timings.trimMs },
            {
                name: 'zero-fill of C:',
                command: powershellCommand(ZERO_FILL_SCRIPT),
                timeoutMs: timings.zeroFillMs,
            },
        ];
        for (const [index, method] of methods.entries()) {
            if (!session.running)
                throw session.exitedError('while its free space was being trimmed');
            // Trimming is worth less than the image: leave the shutdown its time before the deadline.
            const budget = (0,bake_deadline/* remainingMs */.XW)(context) - timings.powerOffMs;
            if (budget <= 0) {
                context.logger.warn(`No time left to trim before the build timeout; the image will be larger`);
                return;
            }
            method.timeoutMs = Math.min(method.timeoutMs, budget);
            const started = Date.now();
            const failure = await this.attempt(context, session, method);
            if (failure === undefined) {
                context.logger.info(`${method.name} done in ${Math.round((Date.now() - started) / 1000)} s`);
                return;
            }
            const next = methods[index + 1];
            context.logger.warn(`${method.name} failed: ${failure}; ${next ? `trying ${next.name} instead` : 'the image will be larger than it needs to be'}`);
        }
    }
    /** Runs one method; undefined when it worked, else why not. Cancellation and the deadline throw. */
    async attempt(context, session, method) {
        let result;
        try {
            result = await (0,bake_deadline/* waitWithin */.rE)(context, session.runInGuest(method.command, method.timeoutMs), method.timeoutMs, `trimming (${method.name})`);
        }
        catch (error) {
            if (context.signal.aborted || Date.now() >= context.deadline)
                throw error;
            return `SSH: ${error.message}`;
        }
        if (result === undefined)
            return `no result within ${Math.round(method.timeoutMs / 1000)} s`;
        if (result.code === 0) {
            const said = trim_lines(result.stdout).at(-1);
            if (said)
                context.logger.info(`guest: ${said}`);
            return undefined;
        }
        // PowerShell's error record starts with the message; the lines after it say where.
        const said = trim_lines(result.stderr)[0] ?? trim_lines(result.stdout).at(-1) ?? '(no output)';
        return `exit code ${result.code}: ${said}`;
    }
}
function trim_lines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}

;// CONCATENATED MODULE: ./src/guest/sftp.ts
/**
 * Files to the guest over SFTP (ssh2), in one SSH connection per batch: `--upload SRC=DEST`'s files and
 * directory trees, and the provisioning scripts. Win32-OpenSSH names `C:\a\b` as `/C:/a/b`; so does the
 * stand-in.
 */



/**
 * `C:\a\b` → `/C:/a/b`. Only absolute paths with a drive letter; no `.` or `..` segment (the guest would
 * resolve them; the host says where a file goes), no control character. Forward slashes count as separators.
 */
function windowsPathToSftp(windowsPath) {
    const match = /^([A-Za-z]):[\\/](.*)$/s.exec(windowsPath);
    if (!match) {
        throw new Error(`"${windowsPath}" is not an absolute Windows path with a drive letter (like C:\\tools)`);
    }
    if ([...windowsPath].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
        throw new Error(`"${windowsPath}" contains a control character`);
    }
    const segments = match[2].split(/[\\/]+/).filter((segment) => segment !== '');
    if (segments.some((segment) => segment === '..' || segment === '.')) {
        throw new Error(`"${windowsPath}" has a "." or ".." segment: name the folder itself`);
    }
    return `/${match[1]}:/${segments.join('/')}`;
}
/** The paths of a directory tree, relative with `/`, directories before what they hold. */
async function listTree(root) {
    const dirs = [];
    const files = [];
    const visit = async (relative) => {
        const entries = await (0,promises_.readdir)(external_node_path_default().join(root, relative), { withFileTypes: true });
        entries.sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of entries) {
            const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
            // A symbolic link counts as what it points to.
            const info = entry.isSymbolicLink() ? await (0,promises_.stat)(external_node_path_default().join(root, child)) : entry;
            if (info.isDirectory()) {
                dirs.push(child);
                await visit(child);
            }
            else if (info.isFile()) {
                files.push(child);
            }
            else {
                throw new Error(`${external_node_path_default().join(root, child)} is neither a file nor a directory`);
            }
        }
    };
    await visit('');
    return { dirs, files };
}
function sftpCall(run) {
    return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}
function isDirectory(sftp, sftpPath) {
    return sftpCall((cb) => sftp.stat(sftpPath, cb)).then((attributes) => attributes.isDirectory(), () => false);
}
/**
 * mkdir -p for one batch: every missing folder of a path is made, an existing one is fine, and folders
 * known to exist are not asked about again. A drive (`/C:`) is taken as there.
 */
function directoryMaker(sftp) {
    const known = new Set();
    return async (sftpDir) => {
        const segments = sftpDir.split('/').filter((segment) => segment !== '');
        let current = '';
        for (const [i, segment] of segments.entries()) {
            current += `/${segment}`;
            if (known.has(current) || (i === 0 && /^[A-Za-z]:$/.test(segment)))
                continue;
            if (!(await isDirectory(sftp, current))) {
                try {
                    await sftpCall((cb) => sftp.mkdir(current, cb));
                }
                catch (error) {
                    // Made by another writer meanwhile is fine; anything else there (a file) is not.
                    if (!(await isDirectory(sftp, current)))
                        throw error;
                }
            }
            known.add(current);
        }
    };
}
/** An SFTP failure as an Error that names the guest path. */
function guestPathError(what, guestPath, error) {
    return new Error(`Cannot ${what} ${guestPath} in the guest over SFTP: ${error.message}`, {
        cause: error,
    });
}
function parentOf(sftpPath) {
    return sftpPath.slice(0, sftpPath.lastIndexOf('/')) || '/';
}
/** A path below an upload's guest path, in the same style (backslashes for a Windows path). */
function guestChild(guestPath, relative) {
    const windows = /^[A-Za-z]:[\\/]/.test(guestPath);
    const separator = windows ? '\\' : '/';
    const base = guestPath.replace(/[\\/]+$/, '');
    return `${base}${separator}${windows ? relative.replace(/\//g, '\\') : relative}`;
}
async function writeContent(sftp, makeDirectories, upload) {
    const guestPath = upload.guestPath ?? upload.sftpPath;
    try {
        await makeDirectories(parentOf(upload.sftpPath));
        await sftpCall((cb) => sftp.writeFile(upload.sftpPath, upload.content, cb));
    }
    catch (error) {
        throw guestPathError('write', guestPath, error);
    }
    return { guestPath, files: 1, bytes: upload.content.length };
}
async function uploadOne(sftp, makeDirectories, upload) {
    if ('content' in upload)
        return writeContent(sftp, makeDirectories, upload);
    const guestPath = upload.guestPath ?? upload.sftpPath;
    const info = await (0,promises_.stat)(upload.source);
    const destination = upload.sftpPath.replace(/\/+$/, '') || '/';
    const put = async (local, remote, guest) => {
        try {
            await makeDirectories(parentOf(remote));
            await sftpCall((cb) => sftp.fastPut(local, remote, cb));
        }
        catch (error) {
            throw guestPathError('write', guest, error);
        }
        return (await (0,promises_.stat)(local)).size;
    };
    if (info.isFile()) {
        const bytes = await put(upload.source, destination, guestPath);
        return { source: upload.source, guestPath, files: 1, bytes };
    }
    if (!info.isDirectory())
        throw new Error(`${upload.source} is neither a file nor a directory`);
    const tree = await listTree(upload.source);
    for (const dir of ['', ...tree.dirs]) {
        try {
            await makeDirectories(dir === '' ? destination : `${destination}/${dir}`);
        }
        catch (error) {
            throw guestPathError('create the folder', dir === '' ? guestPath : guestChild(guestPath, dir), error);
        }
    }
    let bytes = 0;
    for (const file of tree.files) {
        bytes += await put(external_node_path_default().join(upload.source, file), `${destination}/${file}`, guestChild(guestPath, file));
    }
    return { source: upload.source, guestPath, files: tree.files.length, bytes };
}
/**
 * Uploads files, directory trees and content made on the host in one SSH connection, in order: a file (or
 * content) to its path (parent folders created), a directory's content into its path (folders created as
 * needed, empty ones too). Login and connection failures are SshErrors; a path the guest refuses is an
 * Error that names it. `timeoutMs` bounds the whole batch.
 */
function uploadOverSftp(target, uploads, timeoutMs) {
    return withSshClient(target, timeoutMs, (client, settle) => {
        client.sftp((error, sftp) => {
            if (error) {
                settle(() => {
                    throw new Error(`The guest's SSH server has no SFTP: ${error.message}`);
                });
                return;
            }
            const run = async () => {
                const results = [];
                const makeDirectories = directoryMaker(sftp);
                for (const upload of uploads)
                    results.push(await uploadOne(sftp, makeDirectories, upload));
                return results;
            };
            run().then((results) => settle(() => results), (failure) => settle(() => {
                throw failure;
            }));
        });
    });
}
/** uploadOverSftp to Windows paths of the guest (checked and converted before connecting). */
function uploadToGuest(target, uploads, timeoutMs) {
    const converted = uploads.map((upload) => {
        const where = { sftpPath: windowsPathToSftp(upload.destination), guestPath: upload.destination };
        return 'content' in upload ? { content: upload.content, ...where } : { source: upload.source, ...where };
    });
    return uploadOverSftp(target, converted, timeoutMs);
}

;// CONCATENATED MODULE: ./src/bake/guest-login.ts
/**
 * The guest after it is ready: logging in again once it has rebooted (after updates, after a provisioning
 * script, on a cached base's first boot), asking it to reboot, and powering it off while QEMU holds the VM
 * (for the base cache: the disk is complete, QEMU is still there to boot it again).
 */





/**
 * Tries an SSH login until one works: the guest is up again. A refused password is final; QEMU exiting
 * fails at once; the wait is bounded by `timings.loginAfterBootMs`, the deadline and cancellation.
 */
async function waitForLogin(context, session, why) {
    const { timings } = session;
    const started = Date.now();
    const limit = started + timings.loginAfterBootMs;
    let last = '';
    for (;;) {
        if (!session.running)
            throw session.exitedError(`while waiting for an SSH login ${why}`);
        try {
            const result = await session.runInGuest('hostname', timings.sshCommandMs);
            if (result.code === 0)
                break;
            last = `hostname exited with ${result.code}`;
        }
        catch (error) {
            if (error instanceof SshError && error.kind === 'auth')
                throw sshAuthError(error);
            last = error.message;
        }
        if (Date.now() >= limit) {
            throw new errors/* BuildError */.zS('ssh-unreachable', `No SSH login ${why} within ${(0,log/* formatDuration */.a3)(timings.loginAfterBootMs)} (last: ${last}).\n${session.serialTail()}`, {
                hint: 'The guest did not come back up, or sshd did not start: see the last screenshot in the failure bundle.',
            });
        }
        await (0,bake_deadline/* pause */.v7)(context, timings.loginRetryMs, `waiting for SSH ${why}`);
    }
    context.logger.info(`Logged in ${why} after ${(0,log/* formatDuration */.a3)(Date.now() - started)}`);
}
/**
 * Restarts the guest and waits until it takes an SSH login again. `rebootsBefore`: the reboot count before
 * whatever asked for the restart ran (a script exiting 1641 has started it already): a restart seen since
 * then is not asked for again.
 */
async function rebootGuest(context, session, why, rebootsBefore = session.reboots) {
    const { timings } = session;
    context.logger.info(`Restarting the guest (${why})`);
    if (session.reboots === rebootsBefore) {
        await askGuest(context, session, REBOOT_COMMAND, 'asking the guest to restart');
    }
    let onReboot;
    const rebooted = new Promise((resolve) => {
        onReboot = () => resolve(true);
        session.on('reboot', onReboot);
        if (session.reboots !== rebootsBefore)
            resolve(true);
    });
    try {
        const seen = await (0,bake_deadline/* waitWithin */.rE)(context, Promise.race([rebooted, session.qemu.exited.then(() => false)]), timings.rebootMs, `waiting for the guest to restart (${why})`);
        if (seen === false)
            throw session.exitedError(`while the guest restarted (${why})`);
        if (seen === undefined) {
            throw new errors/* BuildError */.zS('vm-failed', `The guest did not restart within ${(0,log/* formatDuration */.a3)(timings.rebootMs)} of the request (${why}).\n${session.serialTail()}`, {
                hint: 'Something in the guest holds up the restart: see the last screenshot in the failure bundle.',
            });
        }
    }
    finally {
        session.off('reboot', onReboot);
    }
    await waitForLogin(context, session, `after the restart (${why})`);
}
/**
 * Powers the guest off once holdAtPowerOff has set QEMU's shutdown action to pause: the guest shuts Windows
 * down cleanly, QEMU flushes the disk and halts instead of exiting. `resumeFromPowerOff` boots it again in the same QEMU.
 */
async function powerOffAndHold(context, session) {
    const { timings } = session;
    const halted = new Promise((resolve) => {
        const onEvent = (event) => {
            if (event.event !== 'SHUTDOWN')
                return;
            session.qmp.off('event', onEvent);
            resolve();
        };
        session.qmp.on('event', onEvent);
    });
    await askGuest(context, session, SHUTDOWN_COMMAND, 'asking the guest to power off');
    const seen = await (0,bake_deadline/* waitWithin */.rE)(context, Promise.race([halted.then(() => true), session.qemu.exited.then(() => false)]), timings.powerOffMs, 'waiting for the guest to power off');
    if (seen === false)
        throw session.exitedError('while the guest powered off for the base');
    if (seen === undefined) {
        throw new errors/* BuildError */.zS('vm-failed', `The guest did not power off within ${(0,log/* formatDuration */.a3)(timings.powerOffMs)} of the request.\n${session.serialTail()}`, { hint: 'Something in the guest blocks shutdown: see the last screenshot in the failure bundle.' });
    }
    // The guest is off and QEMU has flushed its caches: the disk file is complete until QEMU runs it again.
    const status = (await session.qmp.execute('query-status'));
    if (status.status !== 'shutdown') {
        throw new errors/* BuildError */.zS('vm-failed', `QEMU reports "${status.status}" after the guest powered off`, {
            hint: 'The VM should have halted at power-off (QMP set-action shutdown=pause, QEMU ≥ 6.0).',
        });
    }
}
/**
 * Makes QEMU halt the VM at the guest's power-off instead of exiting (QMP set-action, QEMU ≥ 6.0); false when
 * this QEMU cannot (the power-off would end the VM).
 */
async function holdAtPowerOff(session) {
    try {
        await session.qmp.execute('set-action', { shutdown: 'pause' });
        return true;
    }
    catch {
        return false;
    }
}
/** Boots the halted VM again (a reset, then run) and restores the normal power-off (QEMU exits). */
async function resumeFromPowerOff(session) {
    await session.qmp.execute('set-action', { shutdown: 'poweroff' });
    await session.qmp.execute('system_reset');
    await session.qmp.execute('cont');
}
/** Runs a command that takes the guest down: the session dropping is the expected end. */
async function askGuest(context, session, command, what) {
    const { timings } = session;
    try {
        const result = await (0,bake_deadline/* waitWithin */.rE)(context, session.runInGuest(command, timings.shutdownCommandMs), timings.shutdownCommandMs, what);
        // 1115/1190: a shutdown is under way or scheduled already (a script that restarts by itself): fine.
        if (result && result.code !== null && ![0, 1115, 1190].includes(result.code)) {
            throw new errors/* BuildError */.zS('vm-failed', `${command} exited with ${result.code}: ${result.stderr.trim()}`, {
                hint: 'The guest refused to shut down or restart; see the failure bundle.',
            });
        }
    }
    catch (error) {
        if (error instanceof SshError && error.kind === 'auth')
            throw sshAuthError(error);
        if (error instanceof errors/* BuildError */.zS)
            throw error;
        context.logger.debug(`${command} ended with: ${error.message}`);
    }
}
/**
 * An SSH action of a step after ready, bounded by the deadline and cancellation: a refused password is final,
 * a guest that went away names what was under way, anything else is a BuildError of `code`.
 */
async function guestAction(context, what, code, action) {
    const session = context.session;
    try {
        return (await (0,bake_deadline/* waitWithin */.rE)(context, action(), (0,bake_deadline/* remainingMs */.XW)(context) + 1, what));
    }
    catch (error) {
        if (error instanceof errors/* BuildError */.zS)
            throw error;
        if (error instanceof SshError && error.kind === 'auth')
            throw sshAuthError(error);
        if (!session.running)
            throw session.exitedError(`while ${what}`);
        throw new errors/* BuildError */.zS(code, `Failed while ${what}: ${error.message}`, {
            hint: 'The guest stopped answering over SSH, or refused the operation; see the failure bundle.',
        });
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/provision.ts
/**
 * --upload and --provision: the uploads go into the guest over SFTP, then each script is copied to the guest's
 * work folder and run through the wrapper (notes/nightly-baseline.md, "Provisioning"), its output streamed
 * into the build log. Exit code 3010 or 1641 restarts the guest before the next script; any other non-zero
 * code fails the build with the script's last lines. Uses: session, options, os, base, buildId, deadline.
 * Produces: a provisioned guest, logged in.
 */









/** Lines of a failed script's output the error repeats. */
const LAST_LINES = 15;
class Provision {
    title = 'Provisioning';
    phase = 'provisioning';
    async run(context) {
        const { options } = context;
        const session = context.session;
        const uploads = options.upload.map((spec) => {
            const { source, destination } = parseUpload(spec);
            return { source: external_node_path_default().resolve(source), destination };
        });
        const scripts = options.provision.map((file, index) => ({
            local: external_node_path_default().resolve(file),
            kind: scriptKind(file),
            name: guestScriptName(index + 1, file),
        }));
        const copies = scripts.map((script) => ({
            source: script.local,
            destination: guestScriptPath(script.name),
        }));
        const started = Date.now();
        const results = await guestAction(context, 'uploading files to the guest', 'provision-failed', () => uploadToGuest(session.ssh, [...uploads, ...copies], (0,bake_deadline/* remainingMs */.XW)(context)));
        for (const result of results.slice(0, uploads.length)) {
            context.logger.info(`Uploaded ${result.source} to ${result.guestPath} (${result.files} files, ${(0,log/* formatBytes */.z3)(result.bytes)})`);
        }
        for (const script of scripts) {
            await this.runScript(context, script.name, provisionCommand({
                script: guestScriptPath(script.name),
                kind: script.kind,
                env: scriptEnvironment(context, script.name),
            }));
        }
        context.logger.info(`Provisioning done in ${(0,log/* formatDuration */.a3)(Date.now() - started)} (${uploads.length} uploads, ${scripts.length} scripts)`);
    }
    async runScript(context, name, command) {
        const session = context.session;
        const tail = [];
        const keep = (line) => {
            tail.push(line);
            if (tail.length > LAST_LINES)
                tail.shift();
        };
        context.logger.info(`Running ${name}`);
        const started = Date.now();
        const rebootsBefore = session.reboots;
        const result = await guestAction(context, `running ${name}`, 'provision-failed', () => session.runInGuest(command, (0,bake_deadline/* remainingMs */.XW)(context), {
            onStdoutLine: (line) => {
                keep(line);
                context.logger.info(provisionLogLine(name, line));
            },
            // Windows PowerShell writes its errors to stderr as CLIXML: their text is what a reader wants.
            onStderrLine: (raw) => {
                for (const line of plainStderrLines(raw)) {
                    keep(line);
                    context.logger.warn(provisionLogLine(name, line));
                }
            },
        }));
        const outcome = provisionOutcome(result.code);
        const took = (0,log/* formatDuration */.a3)(Date.now() - started);
        if (outcome === 'ok') {
            context.logger.info(`${name} done in ${took}`);
            return;
        }
        if (outcome === 'reboot') {
            context.logger.info(`${name} done in ${took}, exit code ${result.code}: the guest restarts`);
            await rebootGuest(context, session, `${name} asked for it`, rebootsBefore);
            return;
        }
        const code = result.code === null ? 'without an exit code (the session ended)' : `with exit code ${result.code}`;
        throw new errors/* BuildError */.zS('provision-failed', `The provisioning script ${name} failed ${code}. Its last lines:\n  ${tail.join('\n  ') || '(no output)'}`, {
            hint: result.code === null
                ? 'A script that restarts the guest itself ends the session: exit with 3010 instead and the build restarts it.'
                : 'Fix the script (it runs as the image account, over SSH, with the BAKE_IMAGE_* variables; see the README, "Nightly baseline"); exit code 3010 asks for a restart.',
        });
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/clean-guest.ts
/**
 * Removes the build's own files from the guest before the image is made: the provisioning scripts (which may
 * hold tokens), the Windows Update round script and its logs. A folder that stays fails the build: the image
 * must not ship them. Uses: session. Produces: a guest without C:\Windows\Temp\bake-windows-image.
 */





/** Deletes the folder and all in it; nothing when it is not there. */
const REMOVE_WORK_DIR_SCRIPT = `Remove-Item -LiteralPath ${psLiteral(GUEST_WORK_DIR)} -Recurse -Force -ErrorAction SilentlyContinue`;
class RemoveGuestWorkFolder {
    title = "Removing the build's files from the guest";
    async run(context) {
        const session = context.session;
        const left = await guestAction(context, `removing ${GUEST_WORK_DIR}`, 'guest-step-failed', async () => {
            await session.runInGuest(powershellCommand(REMOVE_WORK_DIR_SCRIPT));
            return session.runInGuest(powershellCommand(testPathScript(GUEST_WORK_DIR)));
        });
        if (left.code !== 0 || left.stdout.trim() !== 'False') {
            throw new errors/* BuildError */.zS('guest-step-failed', `Could not remove ${GUEST_WORK_DIR} from the guest`, {
                hint: 'A provisioning script may still hold a file in it open (a service it started): stop it at the end of the script. The image would otherwise carry the scripts.',
            });
        }
        context.logger.info(`Removed ${GUEST_WORK_DIR} from the guest`);
    }
}

;// CONCATENATED MODULE: ./src/cache/atomic-file.ts
/** The base cache's files and directories appear and vanish whole: a reader never sees half of one. */



/** Writes `text` to a sibling temporary file, then renames it over `file` (atomic on one filesystem). */
function writeFileAtomic(file, text, mode = 0o600) {
    const temporary = `${file}.tmp-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    try {
        (0,external_node_fs_.writeFileSync)(temporary, text, { mode, flag: 'wx' });
        (0,external_node_fs_.renameSync)(temporary, file);
    }
    catch (error) {
        (0,external_node_fs_.rmSync)(temporary, { force: true });
        throw error;
    }
}
/** Renames a directory out of the way first (to a hidden .NAME.trash-*), then removes it. */
function removeDir(dir) {
    const trash = external_node_path_default().join(external_node_path_default().dirname(dir), `.${external_node_path_default().basename(dir)}.trash-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
    try {
        (0,external_node_fs_.renameSync)(dir, trash);
    }
    catch {
        return;
    }
    (0,external_node_fs_.rmSync)(trash, { recursive: true, force: true });
}

;// CONCATENATED MODULE: ./src/cache/base-record.ts
/** bases/KEY/base.json: what a cached base was made from and what its disk must look like to be trusted. */



const BASE_FILES = {
    disk: 'disk.qcow2',
    vars: 'OVMF_VARS.fd',
    tpm: 'tpm',
    record: 'base.json',
};
/** The record, or a reason it cannot be trusted. */
function readBaseRecord(baseDir, key) {
    let record;
    try {
        record = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(baseDir, BASE_FILES.record), 'utf8'));
    }
    catch (error) {
        return `its ${BASE_FILES.record} is unreadable (${error.message})`;
    }
    const disk = record?.disk;
    if (record?.key !== key ||
        typeof disk?.sizeBytes !== 'number' ||
        typeof disk.mtimeMs !== 'number' ||
        typeof disk.sha256 !== 'string' ||
        typeof record.lastUsedAt !== 'string') {
        return `its ${BASE_FILES.record} is incomplete or for another key`;
    }
    return record;
}
function writeBaseRecord(baseDir, record) {
    writeFileAtomic(external_node_path_default().join(baseDir, BASE_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
}

;// CONCATENATED MODULE: ./src/cache/build-lock.ts
/**
 * locks/KEY.lock: held while a build makes the base for KEY, so a second build of the same key waits and
 * then finds the first one's base instead of installing Windows twice. proper-lockfile keeps the lock's
 * mtime fresh while the holder lives; a lock not refreshed for `staleMs` (its holder died) is taken over.
 */




const DEFAULT_STALE_MS = 30_000;
function lockPaths(cacheDir, key) {
    const dir = external_node_path_default().join(cacheDir, 'locks');
    return { target: external_node_path_default().join(dir, key), lockfilePath: external_node_path_default().join(dir, `${key}.lock`) };
}
function abortableSleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(cancelled());
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(cancelled());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
const cancelled = () => new errors/* BuildError */.zS('cancelled', 'Stopped waiting for the base cache lock: the build was cancelled');
/** Takes the build lock for `key`, waiting for another holder up to timeoutMs; resolves to its release. */
async function takeBuildLock(cacheDir, key, options) {
    const { target, lockfilePath } = lockPaths(cacheDir, key);
    (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(target), { recursive: true, mode: 0o700 });
    const stale = Math.max(2000, options.staleMs ?? DEFAULT_STALE_MS);
    const deadline = Date.now() + options.timeoutMs;
    let waiting = false;
    for (;;) {
        if (options.signal?.aborted)
            throw cancelled();
        try {
            const release = await proper_lockfile_default().lock(target, {
                lockfilePath,
                realpath: false,
                stale,
                retries: 0,
                // A lock lost while held (its mtime could not be kept fresh) only costs a duplicate install: the
                // store's rename keeps whichever base lands first. Never throw from a timer.
                onCompromised: () => undefined,
            });
            return async () => {
                await release().catch(() => undefined);
            };
        }
        catch (error) {
            if (error.code !== 'ELOCKED')
                throw error;
        }
        if (!waiting)
            options.onWait?.();
        waiting = true;
        const left = deadline - Date.now();
        if (left <= 0) {
            throw new errors/* BuildError */.zS('timeout', `Another build kept the base cache lock ${lockfilePath} too long`, {
                hint: 'Another bake of the same base is still installing Windows; wait for it, or remove the lock directory if no build is running.',
            });
        }
        await abortableSleep(Math.min(options.pollMs ?? 1000, left), options.signal);
    }
}
/** True while a live build holds the lock for `key`. */
async function isLocked(cacheDir, key, staleMs = DEFAULT_STALE_MS) {
    const { target, lockfilePath } = lockPaths(cacheDir, key);
    return proper_lockfile_default().check(target, { lockfilePath, realpath: false, stale: Math.max(2000, staleMs) });
}

;// CONCATENATED MODULE: ./src/cache/users.ts
/**
 * bases/KEY/users/: one file per build using the base as a backing file, named by pid and start time. A
 * base with a live user is never evicted or removed; an entry whose process is gone is stale and ignored.
 */





function usersDir(baseDir) {
    return external_node_path_default().join(baseDir, 'users');
}
/**
 * Registers this process as a user of the base; the returned function unregisters it. Not recursive: a base
 * evicted meanwhile fails here (ENOENT) instead of coming back as an empty directory.
 */
function registerUser(baseDir) {
    const me = currentProcess();
    const dir = usersDir(baseDir);
    try {
        (0,external_node_fs_.mkdirSync)(dir, { mode: 0o700 });
    }
    catch (error) {
        if (error.code !== 'EEXIST')
            throw error;
    }
    // Unique per registration: two builds in one process (the library) each hold their own.
    const file = external_node_path_default().join(dir, `${me.pid}-${me.startTime ?? 'unknown'}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.json`);
    writeFileAtomic(file, `${JSON.stringify({ ...me, since: new Date().toISOString() })}\n`);
    return () => (0,external_node_fs_.rmSync)(file, { force: true });
}
/** The processes registered as users that are still running. */
function liveUsers(baseDir) {
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(usersDir(baseDir)).filter((name) => name.endsWith('.json'));
    }
    catch {
        return [];
    }
    const live = [];
    for (const name of names) {
        try {
            const entry = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(usersDir(baseDir), name), 'utf8'));
            if (isAlive({ pid: entry.pid, startTime: entry.startTime }))
                live.push(entry);
        }
        catch {
            // Unreadable: a half-removed entry, not a user.
        }
    }
    return live;
}

;// CONCATENATED MODULE: ./src/cache/evict.ts
/**
 * Eviction: oldest lastUsedAt first, while there are more bases than keepNewest or they take more than
 * maxBytes. A base with a live user or a held build lock is never removed; leftovers of interrupted stores
 * and removals (bases/.KEY.tmp-*, .KEY.trash-*) whose process is gone are cleaned up on the way.
 */







/** Bytes of the files under `dir`. */
function directoryBytes(dir) {
    let total = 0;
    for (const entry of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })) {
        const file = external_node_path_default().join(dir, entry.name);
        total += entry.isDirectory() ? directoryBytes(file) : (0,external_node_fs_.statSync)(file).size;
    }
    return total;
}
async function evictBases(cacheDir, limits) {
    const basesDir = external_node_path_default().join(cacheDir, 'bases');
    const candidates = [];
    for (const name of (0,external_node_fs_.readdirSync)(basesDir)) {
        const dir = external_node_path_default().join(basesDir, name);
        const leftover = /^\.[0-9a-f]{64}\.(tmp-(\d+)-|trash-)/.exec(name);
        if (leftover) {
            // A store's temporary directory carries its pid; trash is always abandoned.
            if (!leftover[2] || !isAlive({ pid: Number(leftover[2]) }))
                removeDir(dir);
            continue;
        }
        if (!/^[0-9a-f]{64}$/.test(name))
            continue;
        const record = readBaseRecord(dir, name);
        candidates.push({
            key: name,
            dir,
            sizeBytes: directoryBytes(dir),
            // A base without a readable record is the first to go.
            lastUsedAt: typeof record === 'string' ? new Date(0).toISOString() : record.lastUsedAt,
        });
    }
    candidates.sort((a, b) => Date.parse(a.lastUsedAt) - Date.parse(b.lastUsedAt));
    let count = candidates.length;
    let bytes = candidates.reduce((sum, base) => sum + base.sizeBytes, 0);
    const over = () => (limits.keepNewest !== undefined && count > limits.keepNewest) ||
        (limits.maxBytes !== undefined && bytes > limits.maxBytes);
    const removed = [];
    for (const base of candidates) {
        if (!over())
            break;
        if (liveUsers(base.dir).length > 0)
            continue;
        if (await isLocked(cacheDir, base.key, limits.lockStaleMs))
            continue;
        removeDir(base.dir);
        count -= 1;
        bytes -= base.sizeBytes;
        removed.push({ key: base.key, sizeBytes: base.sizeBytes, lastUsedAt: base.lastUsedAt });
    }
    return removed;
}

;// CONCATENATED MODULE: ./src/cache/base-cache.ts
/**
 * The cached base install (`--base-cache DIR`, notes/nightly-baseline.md "Base cache layout"). A miss: the
 * build installs Windows, shuts down cleanly and store()s the disk (under lock(), so a second build of the
 * same key waits and then hits). A hit: the build use()s the base and boots an overlay backed by its
 * read-only disk.qcow2; at the end the overlay is flattened into the output (tools/qemu-img flattenArgs).
 *
 *   const cache = BaseCache.open(dir);
 *   let found = await cache.lookup(key);
 *   if (!found.hit) {
 *     const unlock = await cache.lock(key, { timeoutMs, signal });
 *     try { found = await cache.lookup(key); if (!found.hit) found = { hit: true, base: await cache.store(…) }; }
 *     finally { await unlock(); }
 *   }
 *   const release = cache.use(key); … overlay on found.base.disk … flatten … release();
 */











class BaseCache {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    /** Opens (creating) DIR with bases/ and locks/, all 0700. */
    static open(dir) {
        const absolute = external_node_path_default().resolve(dir);
        for (const sub of ['', 'bases', 'locks']) {
            (0,external_node_fs_.mkdirSync)(external_node_path_default().join(absolute, sub), { recursive: true, mode: 0o700 });
        }
        (0,external_node_fs_.chmodSync)(absolute, 0o700);
        return new BaseCache(absolute);
    }
    baseDir(key) {
        if (!/^[0-9a-f]{64}$/.test(key))
            throw new errors/* BuildError */.zS('internal', `Not a base cache key: ${key}`);
        return external_node_path_default().join(this.dir, 'bases', key);
    }
    /** A verified base, or a miss with its reason. A corrupt base nobody uses is removed. */
    async lookup(key, signal) {
        const dir = this.baseDir(key);
        if (!(0,external_node_fs_.existsSync)(dir))
            return { hit: false, reason: 'no base for this key' };
        const problem = await this.verify(dir, key, signal);
        if (typeof problem !== 'string')
            return { hit: true, base: problem };
        if (liveUsers(dir).length > 0)
            return { hit: false, reason: `the base ${problem}; kept: a build uses it` };
        removeDir(dir);
        return { hit: false, reason: `the base ${problem}; removed it` };
    }
    async verify(dir, key, signal) {
        const record = readBaseRecord(dir, key);
        if (typeof record === 'string')
            return record;
        const disk = external_node_path_default().join(dir, BASE_FILES.disk);
        let stats;
        try {
            stats = (0,external_node_fs_.statSync)(disk);
        }
        catch {
            return `has no ${BASE_FILES.disk}`;
        }
        if (stats.size !== record.disk.sizeBytes || stats.mtimeMs !== record.disk.mtimeMs) {
            return `${BASE_FILES.disk} changed since it was stored (size or mtime)`;
        }
        const ovmfVars = external_node_path_default().join(dir, BASE_FILES.vars);
        const tpmDir = external_node_path_default().join(dir, BASE_FILES.tpm);
        if (record.ovmfVars && !(0,external_node_fs_.existsSync)(ovmfVars))
            return `has no ${BASE_FILES.vars}`;
        if (record.tpm && !(0,external_node_fs_.existsSync)(tpmDir))
            return `has no ${BASE_FILES.tpm}/`;
        try {
            await checkImage(disk, signal);
        }
        catch (error) {
            if (error instanceof errors/* BuildError */.zS && error.code === 'cancelled')
                throw error;
            return `fails qemu-img check: ${error.message.split('\n')[0]}`;
        }
        return {
            key,
            dir,
            disk,
            ovmfVars: record.ovmfVars ? ovmfVars : undefined,
            tpmDir: record.tpm ? tpmDir : undefined,
            record,
        };
    }
    /** Holds off other builders of `key` while this one makes its base; resolves to the release. */
    lock(key, options) {
        this.baseDir(key); // validates the key: it names files
        return takeBuildLock(this.dir, key, options);
    }
    /**
     * Compacts `sources.disk` into bases/.KEY.tmp-…/disk.qcow2 (zstd, parallel), copies the firmware state,
     * writes base.json, makes the disk 0400 and renames the whole directory to bases/KEY.
     */
    async store(key, sources, inputs, signal) {
        const final = this.baseDir(key);
        const temporary = external_node_path_default().join(this.dir, 'bases', `.${key}.tmp-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        (0,external_node_fs_.mkdirSync)(temporary, { mode: 0o700 });
        try {
            const disk = external_node_path_default().join(temporary, BASE_FILES.disk);
            await convertImage({
                source: sources.disk,
                target: disk,
                compress: true,
                coroutines: convertCoroutines(),
                sourceInUse: sources.inUse,
            }, signal);
            await checkImage(disk, signal);
            if (sources.ovmfVars)
                (0,external_node_fs_.copyFileSync)(sources.ovmfVars, external_node_path_default().join(temporary, BASE_FILES.vars));
            if (sources.tpmDir)
                (0,external_node_fs_.cpSync)(sources.tpmDir, external_node_path_default().join(temporary, BASE_FILES.tpm), { recursive: true });
            (0,external_node_fs_.chmodSync)(disk, 0o400);
            const stats = (0,external_node_fs_.statSync)(disk);
            const now = new Date().toISOString();
            writeBaseRecord(temporary, {
                key,
                inputs,
                disk: { sizeBytes: stats.size, mtimeMs: stats.mtimeMs, sha256: await sha256File(disk) },
                ovmfVars: Boolean(sources.ovmfVars),
                tpm: Boolean(sources.tpmDir),
                createdAt: now,
                lastUsedAt: now,
            });
            (0,external_node_fs_.mkdirSync)(external_node_path_default().join(temporary, 'users'), { mode: 0o700 });
            try {
                (0,external_node_fs_.renameSync)(temporary, final);
            }
            catch (error) {
                // Another build stored this key first (without the lock, or after taking over a stale one): keep theirs.
                const code = error.code;
                if (code !== 'ENOTEMPTY' && code !== 'EEXIST')
                    throw error;
                removeDir(temporary);
            }
        }
        catch (error) {
            removeDir(temporary);
            throw error;
        }
        const stored = await this.lookup(key, signal);
        if (!stored.hit)
            throw new errors/* BuildError */.zS('internal', `The base just stored for ${key} ${stored.reason}`);
        return stored.base;
    }
    /** Removes the oldest bases (by lastUsedAt) beyond the limits, never one in use or being built. */
    evict(limits) {
        return evictBases(this.dir, limits);
    }
    /** Registers this build as a user of the base (eviction skips it) and marks it used now. */
    use(key) {
        const dir = this.baseDir(key);
        const vanished = (why) => new errors/* BuildError */.zS('internal', `The cached base ${key} vanished before it was used: ${why}`, {
            hint: 'Another build evicted or removed it; run the build again (it makes the base anew).',
        });
        let release;
        try {
            release = registerUser(dir);
        }
        catch (error) {
            throw vanished(error.message);
        }
        // Registered first, then read: an eviction that missed this user has moved the base away, so this fails.
        const record = readBaseRecord(dir, key);
        if (typeof record === 'string') {
            release();
            throw vanished(record);
        }
        writeBaseRecord(dir, { ...record, lastUsedAt: new Date().toISOString() });
        return release;
    }
}

;// CONCATENATED MODULE: ./src/cache/file-hashes.ts
/**
 * SHA-256 of media files memoised in DIR/hashes.json by absolute path, size, mtime and inode: a 6 GB ISO is
 * hashed once, not every night. A file whose size, mtime or inode changed is hashed again. An unreadable or
 * malformed hashes.json is ignored (and rewritten): it is only a memo, never the truth about a base.
 */




function file_hashes_isEntry(value) {
    const entry = value;
    return (typeof entry === 'object' &&
        entry !== null &&
        typeof entry.size === 'number' &&
        typeof entry.mtimeMs === 'number' &&
        typeof entry.ino === 'number' &&
        typeof entry.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(entry.sha256));
}
/** The valid entries of hashes.json; anything unreadable gives an empty memo. */
function readMemo(file) {
    try {
        const parsed = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
            return {};
        return Object.fromEntries(Object.entries(parsed).filter(([, entry]) => file_hashes_isEntry(entry)));
    }
    catch {
        return {};
    }
}
function hashesFile(cacheDir) {
    return external_node_path_default().join(cacheDir, 'hashes.json');
}
/** The sha256 of each file (in order), from the memo where the file is unchanged, else hashed and memoised. */
async function memoisedSha256(cacheDir, files) {
    const memoFile = hashesFile(cacheDir);
    const memo = readMemo(memoFile);
    let changed = false;
    const hashes = [];
    for (const file of files) {
        const absolute = external_node_path_default().resolve(file);
        const stats = (0,external_node_fs_.statSync)(absolute);
        const known = memo[absolute];
        if (known && known.size === stats.size && known.mtimeMs === stats.mtimeMs && known.ino === stats.ino) {
            hashes.push(known.sha256);
            continue;
        }
        const sha256 = await sha256File(absolute);
        // Stat again: a file that changed while it was hashed is not memoised under the newer stats.
        const after = (0,external_node_fs_.statSync)(absolute);
        if (after.size === stats.size && after.mtimeMs === stats.mtimeMs && after.ino === stats.ino) {
            memo[absolute] = { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, sha256 };
            changed = true;
        }
        hashes.push(sha256);
    }
    // Another build may have added entries meanwhile: merge ours into what is there now.
    if (changed)
        writeFileAtomic(memoFile, `${JSON.stringify({ ...readMemo(memoFile), ...memo }, null, 2)}\n`);
    return hashes;
}

;// CONCATENATED MODULE: ./src/cache/key.ts
/**
 * The key of a cached base: sha256 of a canonical JSON of everything that shapes the installed disk. The
 * password enters only as HMAC-SHA256(cache secret, password), and every form of it in the rendered files
 * (as given by unattend/secret-forms.ts's secretForms, passed in: the cache does not import unattend) is
 * replaced by that HMAC before hashing. What base.json records (recordedInputs) has hashes and names only.
 */

const sha256 = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
/** JSON with object keys sorted at every level: the same inputs always give the same text. Pure. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
/** `text` with every form replaced by `token`, longest form first. Pure. */
function replaceForms(text, forms, token) {
    const longestFirst = [...forms].sort((a, b) => b.length - a.length);
    return longestFirst.reduce((result, form) => (form ? result.split(form).join(token) : result), text);
}
/** The key and the recorded inputs. Pure. */
function baseKey(inputs, secrets) {
    const passwordHmac = (0,external_node_crypto_.createHmac)('sha256', secrets.cacheSecret).update(secrets.password).digest('hex');
    const token = `hmac-sha256:${passwordHmac}`;
    const renderedFiles = [...inputs.renderedFiles]
        .map((file) => ({
        name: file.name,
        sha256: sha256(replaceForms(file.text, secrets.passwordForms, token)),
    }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const recorded = { ...inputs, renderedFiles };
    // The HMAC also enters directly: a password that appears in no rendered file still changes the key.
    const key = sha256(canonicalJson({ version: 1, inputs: recorded, passwordHmac }));
    return { key, recorded };
}

;// CONCATENATED MODULE: ./src/cache/secret.ts
/**
 * DIR/secret: 32 random bytes, 0600, made once. The password enters the cache key only as
 * HMAC-SHA256(secret, password), so the key (and base.json) cannot be checked against guessed passwords
 * by anyone who cannot read the secret.
 */




const SECRET_BYTES = 32;
/** The secret; undefined when there is none yet or it has the wrong size; any other failure is an error. */
function readSecret(file) {
    let secret;
    try {
        secret = (0,external_node_fs_.readFileSync)(file);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new errors/* BuildError */.zS('output-unwritable', `Cannot read the base cache's secret ${file}: ${error.message}`, {
            hint: 'The base cache must be readable and writable by the user that runs the build.',
        });
    }
    return secret.length === SECRET_BYTES ? secret : undefined;
}
/** The cache's secret, created on first use. Written beside and linked into place: never seen half-written. */
function cacheSecret(cacheDir) {
    const file = external_node_path_default().join(cacheDir, 'secret');
    const existing = readSecret(file);
    if (existing)
        return existing;
    // A wrong-sized secret is useless (no key made with it can be found again): replace it. A missing one is
    // made; the link below never replaces one another build made meanwhile.
    if ((0,external_node_fs_.existsSync)(file))
        (0,external_node_fs_.rmSync)(file, { force: true });
    const temporary = `${file}.tmp-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    (0,external_node_fs_.writeFileSync)(temporary, (0,external_node_crypto_.randomBytes)(SECRET_BYTES), { mode: 0o600, flag: 'wx' });
    try {
        (0,external_node_fs_.linkSync)(temporary, file); // fails if another build made it first: then theirs is the secret
    }
    catch (error) {
        if (error.code !== 'EEXIST')
            throw error;
    }
    finally {
        (0,external_node_fs_.rmSync)(temporary, { force: true });
    }
    const secret = readSecret(file);
    if (!secret) {
        throw new errors/* BuildError */.zS('input-invalid', `${file} is not ${SECRET_BYTES} bytes`, {
            hint: 'Delete it: the base cache makes a new one (and builds its bases again).',
        });
    }
    return secret;
}

;// CONCATENATED MODULE: ./src/cache/index.ts
/** The base cache's API for the build (notes/nightly-baseline.md, "Base cache layout"). */






// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/bake/steps/base-lookup.ts
/**
 * --base-cache: the key of this build's base (everything that shapes the install: the media's sha256, the
 * rendered answer medium with the password as a keyed hash, firmware, disk size, OS and edition, this tool's
 * version) and whether the cache has it. A hit: the build boots it. A miss: the build installs, holding the
 * key's lock so that a second build of the same key waits and then hits; KeepBase stores it.
 * Uses: options, os, renderedFiles, deadline. Produces: base (and baseCache, the open cache).
 * Cleanup: releases the lock and the use of the base; after a success, evicts beyond the limits.
 */









class LookUpBase {
    title = 'Looking up the cached base';
    release;
    async run(context) {
        const { options, logger } = context;
        const cache = openCache(options.baseCache);
        const media = [options.iso, options.virtioWinIso, ...(options.opensshMsi ? [options.opensshMsi] : [])];
        const firmwareCode = context.firmware ? [context.firmware.code] : [];
        const hashes = await memoisedSha256(cache.dir, [...media, ...firmwareCode].map((file) => external_node_path_default().resolve(file)));
        const [isoSha256, virtioSha256] = hashes;
        const opensshMsiSha256 = options.opensshMsi ? hashes[2] : undefined;
        const qemu = await firstLine((0,exec/* requireProgram */.qi)(exec/* PROGRAMS */.i.qemuSystem), ['--version']);
        const platform = [qemu, ...(context.firmware ? [`OVMF code sha256 ${hashes.at(-1)}`] : [])].join('; ');
        const { key, recorded } = baseKey({
            isoSha256: isoSha256,
            virtioSha256: virtioSha256,
            opensshMsiSha256,
            renderedFiles: context.renderedFiles,
            firmware: options.firmware,
            diskSizeMiB: options.diskSizeMiB,
            os: context.os,
            edition: options.edition,
            toolVersion: version/* VERSION */.x,
            platform,
        }, {
            password: options.password,
            cacheSecret: cacheSecret(cache.dir),
            passwordForms: secretForms(options.password),
        });
        context.baseCache = { cache, recorded };
        let found = await cache.lookup(key, context.signal);
        if (found.hit)
            found = this.using(cache, found, logger);
        if (!found.hit) {
            logger.info(`Base ${base_lookup_short(key)}: ${found.reason}`);
            const held = context.baseCache;
            held.unlock = await cache.lock(key, {
                timeoutMs: (0,bake_deadline/* remainingMs */.XW)(context),
                signal: context.signal,
                onWait: () => logger.info(`Base ${base_lookup_short(key)}: another build is making it; waiting for it`),
            });
            found = await cache.lookup(key, context.signal);
            if (found.hit)
                found = this.using(cache, found, logger);
            if (found.hit) {
                await held.unlock();
                held.unlock = undefined;
            }
        }
        if (found.hit) {
            const { base } = found;
            context.base = { key, status: 'hit', disk: base.disk, ovmfVars: base.ovmfVars, tpmDir: base.tpmDir };
            logger.info(`Base ${base_lookup_short(key)}: hit (made ${base.record.createdAt}, ${(0,log/* formatBytes */.z3)(base.record.disk.sizeBytes)}): no install`);
        }
        else {
            context.base = { key, status: 'miss' };
            logger.info(`Base ${base_lookup_short(key)}: miss: installing, then keeping the installed system as the base`);
        }
    }
    /** Registers this build as the base's user; a base evicted since the lookup is a miss. */
    using(cache, found, logger) {
        try {
            this.release = cache.use(found.base.key);
            return found;
        }
        catch (error) {
            logger.debug(`Base ${base_lookup_short(found.base.key)}: ${error.message}`);
            return { hit: false, reason: 'the base was evicted by another build just now' };
        }
    }
    async cleanup(context, succeeded) {
        this.release?.();
        const held = context.baseCache;
        if (held?.unlock)
            await held.unlock().catch(() => undefined);
        if (!held || !succeeded)
            return;
        const { options, logger } = context;
        try {
            const evicted = await held.cache.evict({
                keepNewest: options.baseCacheKeep,
                maxBytes: options.baseCacheMaxMiB > 0 ? options.baseCacheMaxMiB * 1024 * 1024 : undefined,
            });
            for (const base of evicted)
                logger.info(`Base ${base_lookup_short(base.key)} evicted (${(0,log/* formatBytes */.z3)(base.sizeBytes)})`);
        }
        catch (error) {
            logger.warn(`Could not evict old bases from ${held.cache.dir}: ${error.message}`);
        }
    }
}
/** The first 12 hex digits: enough to tell bases apart in a log. */
function base_lookup_short(key) {
    return key.slice(0, 12);
}
function openCache(dir) {
    try {
        return BaseCache.open(dir);
    }
    catch (error) {
        throw new errors/* BuildError */.zS('output-unwritable', `Cannot use ${dir} as the base cache: ${error.message}`, {
            hint: 'Give --base-cache a directory this user can create and write, on a disk with room for a compacted Windows install.',
        });
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/base-keep.ts
/**
 * A base cache miss: once Windows is installed and ready, its free space is trimmed and it powers off while
 * QEMU holds the VM; the disk (with the UEFI vars and TPM state it needs) is stored as the base, then the
 * same VM boots again for updates and provisioning. A base that cannot be stored is a warning: the build
 * goes on. Uses: base, baseCache, session, disk, vm, workDir. Produces: the stored base (base.disk).
 */






class KeepBase {
    title = 'Keeping the installed system as the base';
    async run(context) {
        const { base, baseCache, logger } = context;
        if (base?.status !== 'miss' || !baseCache)
            return;
        const session = context.session;
        context.timeline.start('base');
        if (!(await holdAtPowerOff(session))) {
            logger.warn(`Base ${base_lookup_short(base.key)} not kept: this QEMU cannot hold a VM at power-off (QMP set-action needs QEMU 6.0 or later); the build goes on without it`);
            await baseCache.unlock?.().catch(() => undefined);
            baseCache.unlock = undefined;
            return;
        }
        // The base is compacted: what Windows freed (Setup's files) must not be copied.
        await new TrimFreeSpace().run(context);
        await powerOffAndHold(context, session);
        const started = Date.now();
        const spec = session.spec;
        try {
            const stored = await baseCache.cache.store(base.key, {
                disk: context.disk,
                inUse: true,
                ovmfVars: spec.firmware.type === 'uefi' ? spec.firmware.vars : undefined,
                tpmDir: spec.tpmSocket ? (0,start_tpm/* tpmStateDir */.mw)(context.workDir) : undefined,
            }, baseCache.recorded, context.signal);
            Object.assign(base, { disk: stored.disk, ovmfVars: stored.ovmfVars, tpmDir: stored.tpmDir });
            logger.info(`Base ${base_lookup_short(base.key)} kept in ${(0,log/* formatDuration */.a3)(Date.now() - started)} (${(0,log/* formatBytes */.z3)(stored.record.disk.sizeBytes)})`);
        }
        catch (error) {
            if (error instanceof errors/* BuildError */.zS && error.code === 'cancelled')
                throw error;
            logger.warn(`Could not keep the base in ${baseCache.cache.dir}: ${error.message}; the build goes on without it`);
        }
        finally {
            await baseCache.unlock?.().catch(() => undefined);
            baseCache.unlock = undefined;
        }
        await resumeFromPowerOff(session);
        await waitForLogin(context, session, 'after the base was kept');
    }
}

;// CONCATENATED MODULE: ./src/guest/windows-update-result.ts
/**
 * A Windows Update round's result.json (notes/nightly-baseline.md), read and checked, and what the host
 * does next: done, reboot and go on, another round, or fail the build. Pure.
 */
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function field(object, name, where, check, what) {
    const value = object[name];
    if (!check(value))
        throw new Error(`${where}.${name} is not ${what}: ${JSON.stringify(value) ?? 'missing'}`);
    return value;
}
const isString = (v) => typeof v === 'string';
const isCount = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoolean = (v) => typeof v === 'boolean';
const isStringOrNull = (v) => v === null || typeof v === 'string';
function entries(object, name, read) {
    const list = object[name] ?? [];
    if (!Array.isArray(list))
        throw new Error(`${name} is not a list: ${JSON.stringify(list)}`);
    return list.map((item, i) => {
        const where = `${name}[${i}]`;
        if (!isObject(item))
            throw new Error(`${where} is not an object: ${JSON.stringify(item)}`);
        return read(item, where);
    });
}
function updateEntry(item, where) {
    return {
        kb: field(item, 'kb', where, isString, 'a string'),
        title: field(item, 'title', where, isString, 'a string'),
        sizeBytes: field(item, 'sizeBytes', where, isCount, 'a byte count'),
    };
}
function installEntry(item, where) {
    return {
        ...updateEntry(item, where),
        result: field(item, 'result', where, isString, 'a string'),
        hresult: field(item, 'hresult', where, (v) => isString(v) && /^0x[0-9A-Fa-f]{8}$/.test(v), 'an HRESULT (0x and 8 hex digits)'),
    };
}
function excludedEntry(item, where) {
    return { ...updateEntry(item, where), reason: field(item, 'reason', where, isString, 'a string') };
}
/**
 * result.json's text as written by the round script (UTF-8, a byte order mark tolerated). Throws an Error
 * that says what is wrong when the text is no JSON or not of the result's shape.
 */
function parseWindowsUpdateResult(text) {
    let data;
    try {
        data = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch (error) {
        const start = JSON.stringify(text.slice(0, 80));
        throw new Error(`The Windows Update result is not JSON (${error.message}); it starts ${start}`);
    }
    if (!isObject(data))
        throw new Error(`The Windows Update result is not an object: ${JSON.stringify(data)?.slice(0, 80)}`);
    try {
        return {
            round: field(data, 'round', 'result', (v) => isCount(v) && v >= 1, 'a round number'),
            installed: entries(data, 'installed', installEntry),
            failed: entries(data, 'failed', installEntry),
            excluded: entries(data, 'excluded', excludedEntry),
            rebootRequired: field(data, 'rebootRequired', 'result', isBoolean, 'true or false'),
            remaining: field(data, 'remaining', 'result', isCount, 'a count'),
            error: field(data, 'error', 'result', isStringOrNull, 'a message or null'),
        };
    }
    catch (error) {
        throw new Error(`The Windows Update result is malformed: ${error.message}`);
    }
}
function describeFailed(entry) {
    return `${entry.kb || '(no KB)'} ${entry.title} (${entry.result}, ${entry.hresult})`;
}
/**
 * What follows a round. `history` holds the rounds before this one (their count is what maxRounds
 * bounds, with this one). Failed updates and a round that failed fail the build; a required reboot
 * reboots, unless that was the last round allowed; nothing installed with updates left means the rounds
 * are stuck; nothing installed and nothing left is done; installed without a reboot and more left:
 * another round.
 */
function afterRound(history, result, options) {
    const rounds = history.length + 1;
    if (result.error !== null) {
        return { kind: 'failed', message: `Windows Update round ${rounds} failed: ${result.error}` };
    }
    if (result.failed.length > 0) {
        const list = result.failed.map(describeFailed).join('; ');
        return {
            kind: 'failed',
            message: `Windows Update could not install ${result.failed.length} update(s): ${list}`,
        };
    }
    if (result.rebootRequired) {
        if (rounds >= options.maxRounds) {
            return { kind: 'failed', message: `Windows Update still needs a reboot after ${rounds} rounds` };
        }
        return { kind: 'reboot' };
    }
    if (result.installed.length === 0) {
        if (result.remaining > 0) {
            return {
                kind: 'failed',
                message: `Windows Update is stuck: round ${rounds} installed nothing and ${result.remaining} update(s) remain`,
            };
        }
        return { kind: 'done' };
    }
    if (result.remaining > 0) {
        if (rounds >= options.maxRounds) {
            return {
                kind: 'failed',
                message: `Windows Update still has ${result.remaining} update(s) to install after ${rounds} rounds`,
            };
        }
        return { kind: 'again' };
    }
    // Installed everything it found, no reboot asked for: one more search shows whether more came up.
    if (rounds >= options.maxRounds)
        return { kind: 'done' };
    return { kind: 'again' };
}

;// CONCATENATED MODULE: ./src/bake/steps/windows-update.ts
/**
 * --windows-update: rounds of search, download and install, each run by a scheduled task as SYSTEM (the
 * Windows Update Agent refuses to install from a remote session), its progress and result read back over
 * SSH; a round that needs a restart gets one. Then DISM's component store cleanup. Bounded by
 * --update-rounds and --update-timeout (notes/nightly-baseline.md, "Windows Update").
 * Uses: session, options, workDir, deadline. Produces: updates (what was installed).
 */








/** `--update-exclude` values: KB numbers, and title patterns for everything else. Pure. */
function updateFilters(exclude) {
    const excludeKbs = exclude.filter((item) => /^KB\d+$/i.test(item)).map((item) => item.toUpperCase());
    const excludeTitles = exclude.filter((item) => !/^KB\d+$/i.test(item));
    return { excludeKbs, excludeTitles };
}
class InstallWindowsUpdates {
    title = 'Installing Windows updates';
    phase = 'updates';
    /** Lines of progress.log logged so far (it grows over all the rounds). */
    progressSeen = 0;
    async run(context) {
        const { options } = context;
        const session = context.session;
        const started = Date.now();
        const until = Math.min(context.deadline, started + options.updateTimeoutSeconds * 1000);
        const script = windowsUpdateScriptFile({
            ...updateFilters(options.updateExclude),
            includeDrivers: options.updateDrivers,
            includePreviews: options.updatePreviews,
        });
        await guestAction(context, 'uploading the Windows Update script', 'update-failed', () => uploadToGuest(session.ssh, [{ content: script, destination: WINDOWS_UPDATE_SCRIPT_PATH }], (0,bake_deadline/* remainingMs */.XW)(context)));
        const updates = (context.updates = []);
        const history = [];
        try {
            for (;;) {
                const result = await this.round(context, session, until);
                for (const update of result.installed) {
                    updates.push({
                        kb: update.kb,
                        title: update.title,
                        sizeBytes: update.sizeBytes,
                        round: result.round,
                    });
                }
                context.logger.info(roundSummary(result));
                const next = afterRound(history, result, { maxRounds: options.updateRounds });
                history.push(result);
                if (next.kind === 'failed') {
                    throw new errors/* BuildError */.zS('update-failed', `Windows Update failed: ${next.message}`, {
                        hint: "Leave the update out with --update-exclude KB…, or rerun later (Microsoft sometimes pulls a broken update). The failure bundle holds the round's progress log.",
                    });
                }
                if (next.kind === 'done')
                    break;
                if (next.kind === 'reboot')
                    await rebootGuest(context, session, `Windows Update round ${result.round}`);
            }
        }
        finally {
            await session.runInGuest(DELETE_UPDATE_TASK_COMMAND).catch(() => undefined);
        }
        const total = updates.reduce((sum, update) => sum + update.sizeBytes, 0);
        context.logger.info(`Windows Update: ${updates.length} updates (${(0,log/* formatBytes */.z3)(total)}) in ${history.length} rounds, ${(0,log/* formatDuration */.a3)(Date.now() - started)}`);
        await this.cleanUpComponentStore(context, session);
    }
    /** One round: start the task, follow its progress, return its result. */
    async round(context, session, until) {
        const { timings } = session;
        const reboots = session.reboots;
        await guestAction(context, 'starting a Windows Update round', 'update-failed', async () => {
            const started = await session.runInGuest(START_ROUND_COMMAND);
            if (started.code !== 0) {
                throw new errors/* BuildError */.zS('update-failed', `Could not start the Windows Update task: ${firstWords(started)}`, {
                    hint: 'schtasks.exe refused the task; the account must be an administrator.',
                });
            }
        });
        let last = 'no progress yet';
        for (;;) {
            const left = until - Date.now();
            if (left <= 0) {
                throw new errors/* BuildError */.zS('timeout', `Windows Update did not finish within --update-timeout ${context.options.updateTimeoutSeconds} s (last progress: ${last})`, {
                    hint: 'Raise --update-timeout (a first cumulative update can take an hour on a slow host), or see the failure bundle for where it stopped.',
                });
            }
            await (0,bake_deadline/* pause */.v7)(context, Math.min(timings.updatePollMs, left), 'installing Windows updates');
            if (!session.running)
                throw session.exitedError('while Windows Update ran');
            // The task dies with a restart: waiting on would only end at --update-timeout.
            if (session.reboots !== reboots) {
                throw new errors/* BuildError */.zS('update-failed', `The guest restarted during a Windows Update round, before the round wrote its result (last progress: ${last})`, {
                    hint: 'Something restarted Windows while updates installed (an update that forces a restart, a crash): see the failure bundle.',
                });
            }
            const seen = await this.poll(context, session);
            if (!seen)
                continue;
            const fresh = newProgressLines(seen.progress, this.progressSeen);
            this.progressSeen = fresh.seen;
            for (const line of fresh.lines)
                context.logger.info(line);
            if (fresh.lines.length > 0)
                last = fresh.lines.at(-1).replace(/^Windows Update: /, '');
            if (seen.result !== undefined)
                return roundResult(seen.result);
        }
    }
    /** The round's progress and result so far; undefined while the guest does not answer (it may be busy). */
    async poll(context, session) {
        try {
            const result = await session.runInGuest(powershellCommand(POLL_ROUND_SCRIPT));
            return result.code === 0 ? splitPoll(result.stdout) : undefined;
        }
        catch (error) {
            if (error instanceof SshError && error.kind === 'auth')
                throw sshAuthError(error);
            context.logger.debug(`Polling the Windows Update round: ${error.message}`);
            return undefined;
        }
    }
    async cleanUpComponentStore(context, session) {
        const resetBase = context.options.updateResetBase;
        const started = Date.now();
        const result = await guestAction(context, 'cleaning up the component store', 'update-failed', () => session.runInGuest(componentCleanupCommand(resetBase), (0,bake_deadline/* remainingMs */.XW)(context)));
        // 3010: done, a restart would finish it; the shutdown does.
        if (result.code === 0 || result.code === 3010) {
            context.logger.info(`Component store cleaned up${resetBase ? ' (/ResetBase)' : ''} in ${(0,log/* formatDuration */.a3)(Date.now() - started)}`);
        }
        else {
            context.logger.warn(`DISM's component store cleanup failed (exit code ${result.code}): ${firstWords(result)}; the image is larger`);
        }
    }
}
/** result.json read; a malformed one fails the build, saying what was wrong with it. */
function roundResult(text) {
    try {
        return parseWindowsUpdateResult(text);
    }
    catch (error) {
        throw new errors/* BuildError */.zS('update-failed', error.message, {
            hint: 'The round script wrote a result the host cannot read; the failure bundle holds it.',
        });
    }
}
function roundSummary(result) {
    const installed = result.installed.map((update) => update.kb).join(', ') || 'nothing';
    const excluded = result.excluded.length ? `, ${result.excluded.length} left out by the filters` : '';
    const reboot = result.rebootRequired ? ', a restart is needed' : '';
    return `Windows Update round ${result.round}: installed ${installed}${excluded}${reboot}`;
}

;// CONCATENATED MODULE: ./src/vm/readiness.ts
/**
 * When is the guest ready? The first-logon script's COM1 line says so, and an SSH login that finds the
 * marker confirms it; an SSH poll covers guests whose serial line never arrives. It fails as soon as the
 * outcome is certain: the password refused, a failed first-logon step (with the script's log when SSH
 * answers), a ready line whose marker is missing, SSH unreachable for too long after the ready line, or
 * Secure Boot refusing the installer. The deadline, cancellation and QEMU exiting are the caller's.
 * Pure apart from the two SSH calls it is given; timers are its only clock.
 */




/** OVMF's line when Secure Boot refuses the DVD's loader (its signer is not in db, or it is revoked in dbx). */
const FIRMWARE_REFUSED_CD = /BdsDxe: failed to load Boot[0-9A-Fa-f]{4} "UEFI QEMU DVD-ROM[^"]*".*: (Access Denied|Security Violation)/;
/** Lines of the guest log a failure message shows. */
const LOG_TAIL_LINES = 20;
class ReadinessWatcher {
    options;
    /** Resolves with the time (ms since the epoch) readiness was confirmed. */
    result;
    settle;
    settled = false;
    readyLineAt;
    lastSshError = '';
    polling = false;
    confirming = false;
    /** A failed guest step was seen; its log is being fetched. */
    failing = false;
    timers = new TimerSet();
    constructor(options) {
        this.options = options;
        this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
        this.result.catch(() => undefined);
        this.timers.every(options.timings.sshPollMs, () => void this.poll());
    }
    /** Whether the guest's ready line has been seen. */
    get readyLineSeen() {
        return this.readyLineAt !== undefined;
    }
    /** A complete line of the serial console. */
    onLine(line) {
        if (this.settled || this.failing)
            return;
        if (this.options.installerMustBoot() && FIRMWARE_REFUSED_CD.test(line)) {
            this.fail(new errors/* BuildError */.zS('boot-refused', `Secure Boot refused the installer's boot loader: ${line.trim()}`, {
                hint: "The firmware's keys do not trust the ISO's loader (for example media signed only with Microsoft's 2023 CA, on firmware with the 2011 CAs). Use --firmware uefi, or OVMF variables whose db trusts that signer.",
            }));
            return;
        }
        const failure = parseGuestFailure(line);
        if (failure) {
            void this.failGuestStep(failure);
            return;
        }
        if (line.endsWith(READY_SIGNAL) && this.readyLineAt === undefined) {
            this.readyLineAt = Date.now();
            this.options.info('Guest signalled ready on the serial port');
            this.timers.after(this.options.timings.sshUnreachableAfterReadyMs, () => this.sshNeverAnswered());
            void this.confirm();
        }
    }
    /** Ends the wait from outside (deadline, cancellation, QEMU exit): rejects with `error` unless settled. */
    fail(error) {
        if (this.settled)
            return;
        this.settled = true;
        this.stop();
        this.settle.reject(error);
    }
    /** A failure the watcher found itself; a failed guest step being reported takes precedence. */
    failInside(error) {
        if (!this.failing)
            this.fail(error);
    }
    stop() {
        this.timers.clear();
    }
    succeed(how) {
        if (this.settled || this.failing)
            return;
        this.options.info(`Confirmed over SSH as ${this.options.username} (${how})`);
        this.settled = true;
        this.stop();
        this.settle.resolve(Date.now());
    }
    /** Without a ready line: an SSH poll now and then (one at a time). */
    async poll() {
        if (this.settled || this.readyLineAt !== undefined || this.polling)
            return;
        this.polling = true;
        try {
            if (await this.options.markerPresent())
                this.succeed('SSH poll');
        }
        catch (error) {
            this.onSshError(error);
        }
        finally {
            this.polling = false;
        }
    }
    /** After the ready line: check at once, never queued behind a poll; retry while sshd is still starting. */
    async confirm() {
        if (this.settled || this.confirming)
            return;
        this.confirming = true;
        try {
            if (await this.options.markerPresent()) {
                this.succeed('ready signal');
            }
            else {
                this.failInside(new errors/* BuildError */.zS('vm-failed', `The guest signalled ready, but ${READY_MARKER_PATH} is not there`, {
                    hint: `The first-logon script did not finish; see ${FIRST_LOGON_LOG_PATH} in the guest.`,
                }));
            }
        }
        catch (error) {
            this.onSshError(error);
            if (!this.settled) {
                this.options.debug(`SSH not up yet after the ready signal: ${error.message}`);
                this.timers.after(this.options.timings.sshRetryAfterReadyMs, () => void this.confirm());
            }
        }
        finally {
            this.confirming = false;
        }
    }
    onSshError(error) {
        if (error instanceof SshError && error.kind === 'auth') {
            this.failInside(sshAuthError(error));
            return;
        }
        this.lastSshError = error.message;
    }
    sshNeverAnswered() {
        const seconds = Math.round(this.options.timings.sshUnreachableAfterReadyMs / 1000);
        this.failInside(new errors/* BuildError */.zS('ssh-unreachable', `The guest signalled ready, but SSH did not answer within ${seconds} s${this.lastSshError ? ` (last attempt: ${this.lastSshError})` : ''}`, {
            hint: `sshd is not running or port 22 is blocked in the guest. See ${FIRST_LOGON_LOG_PATH} there (--keep-work-dir keeps the disk), and check that the OpenSSH install works offline (--openssh-msi).`,
        }));
    }
    async failGuestStep(failure) {
        if (this.settled)
            return;
        this.failing = true;
        this.options.info(`The guest's first-logon step "${failure.step}" failed: ${failure.error}`);
        // Stop everything else now; fetching the log may take a while.
        this.stop();
        let log;
        try {
            const text = await this.options.fetchGuestLog();
            const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
            log = `Last lines of ${FIRST_LOGON_LOG_PATH}:\n  ${lines.slice(-LOG_TAIL_LINES).join('\n  ')}`;
        }
        catch (error) {
            log = `${FIRST_LOGON_LOG_PATH} could not be fetched over SSH: ${error.message}`;
        }
        this.fail(new errors/* BuildError */.zS('guest-step-failed', `The guest's first-logon script failed at "${failure.step}": ${failure.error}\n${log}`, {
            hint: "The guest stopped configuring itself at this step. The message is Windows' own; a failed OpenSSH step usually means no offline installer (--openssh-msi) and no Windows Update.",
        }));
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/wait-until-ready.ts
/**
 * Lets Windows Setup run, rebooting as often as it needs, until the guest is ready (see vm/readiness.ts).
 * Uses: session, timings, the build's deadline and cancellation. Produces: readyAt. The phases on the way
 * (Setup, OOBE, first logon, SSH) are the PhaseTracker's, started with the VM (vm-progress.ts).
 * Fails at once when QEMU exits, and at the deadline with what was seen (phase, reboots, keys, serial tail).
 * A cached base (a hit) is installed already: it is ready once it takes an SSH login.
 */







class WaitUntilReady {
    title = 'Installing Windows';
    async run(context) {
        const session = context.session;
        if (bootsBase(context)) {
            // A cached base ran its first logon when it was installed: ready is an SSH login on its first boot.
            context.timeline.advance('ssh');
            await waitForLogin(context, session, 'on the first boot of the base');
            context.readyAt = Date.now();
            return;
        }
        const { timings } = session;
        const firmware = session.spec.firmware;
        const secureBoot = firmware.type === 'uefi' && firmware.secureBoot;
        const watcher = new ReadinessWatcher({
            timings,
            markerPresent: async () => {
                const result = await session.runInGuest(powershellCommand(testPathScript(READY_MARKER_PATH)));
                return result.code === 0 && result.stdout.trim() === 'True';
            },
            fetchGuestLog: async () => {
                const result = await session.runInGuest(powershellCommand(readFileScript(FIRST_LOGON_LOG_PATH)), timings.guestLogFetchMs);
                if (result.code !== 0)
                    throw new Error(result.stderr.trim() || `exit code ${result.code}`);
                return result.stdout;
            },
            installerMustBoot: () => secureBoot && session.reboots === 0,
            info: (message) => context.logger.info(`${message} at ${session.elapsed()}`),
            debug: (message) => context.logger.debug(message),
            username: session.ssh.username,
        });
        const onLine = (line) => {
            // The first-logon script reports each of its steps on COM1.
            const progress = line.indexOf(GUEST_PROGRESS_PREFIX);
            if (progress >= 0)
                context.logger.info(`guest: ${line.slice(progress + GUEST_PROGRESS_PREFIX.length)}`);
            watcher.onLine(line);
        };
        const onAbort = () => watcher.fail((0,bake_deadline/* cancelledError */.YQ)(context.signal));
        const deadline = setTimeout(() => watcher.fail((0,bake_deadline/* timeoutError */.w2)(context, session.phase, this.seen(session))), (0,bake_deadline/* remainingMs */.XW)(context));
        session.serial.on('line', onLine);
        context.signal.addEventListener('abort', onAbort, { once: true });
        if (context.signal.aborted)
            onAbort();
        void session.qemu.exited.then(() => watcher.fail(session.exitedError('before the guest was ready')));
        try {
            context.readyAt = await watcher.result;
        }
        finally {
            clearTimeout(deadline);
            watcher.stop();
            session.serial.off('line', onLine);
            context.signal.removeEventListener('abort', onAbort);
        }
        context.logger.info(`Guest ready after ${session.elapsed()} (${session.reboots} reboots)`);
    }
    /** What a timeout message adds: reboots, whether a key was pressed, the serial tail. */
    seen(session) {
        const keys = session.keysSent ? '' : ', no key pressed at the boot prompt';
        return ` (${session.reboots} reboots seen${keys}).\n${session.serialTail()}`;
    }
}

;// CONCATENATED MODULE: ./src/bake/steps/work-dir.ts
/**
 * The private scratch directory of one build. It holds the answer medium (which contains the password), the
 * growing install disk and the sockets, so it is 0700 and removed at the end unless --keep-work-dir.
 * By default it sits next to the output, so the finished image reaches --output by a rename on one filesystem.
 * Uses: the options, output. Produces: workDir, createdOutputDirs (both removed again by its cleanup).
 */




const PREFIX = '.bake-windows-image-';
class PrepareWorkDir {
    title = 'Preparing the work directory';
    phase = 'answer-medium';
    /** Remove the directory itself (we made it), or only its contents (the user's empty directory). */
    removeDirectory = false;
    async run(context) {
        const { options } = context;
        // The output's directory is made now (a dry run makes nothing near --output).
        context.createdOutputDirs = options.dryRun ? [] : makeDirs(external_node_path_default().dirname(context.output));
        if (options.workDir) {
            const dir = external_node_path_default().resolve(options.workDir);
            let entries;
            try {
                entries = (0,external_node_fs_.readdirSync)(dir);
            }
            catch {
                entries = undefined;
            }
            if (entries && entries.length > 0) {
                throw new errors/* BuildError */.zS('invalid-option', `--work-dir ${options.workDir} is not empty`, {
                    hint: 'Give an empty or new directory; the build deletes what it puts there.',
                });
            }
            try {
                (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
            }
            catch (error) {
                throw new errors/* BuildError */.zS('output-unwritable', `Cannot create --work-dir ${options.workDir}: ${error.message}`, {
                    hint: 'Choose a directory you can write to.',
                });
            }
            this.removeDirectory = entries === undefined;
            context.workDir = dir;
        }
        else {
            // A dry run creates nothing near --output; a real build works next to it (same filesystem → atomic rename).
            const parent = options.dryRun ? external_node_os_default().tmpdir() : external_node_path_default().dirname(context.output);
            try {
                context.workDir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(parent, PREFIX));
            }
            catch (error) {
                throw new errors/* BuildError */.zS('output-unwritable', `Cannot create a work directory in ${parent}: ${error.message}`, {
                    hint: 'Choose an --output in a directory you can write to, or pass --work-dir.',
                });
            }
            this.removeDirectory = true;
        }
        context.logger.debug(`Work directory: ${context.workDir}`);
    }
    async cleanup(context, succeeded) {
        const dir = context.workDir;
        if (dir && !context.options.keepWorkDir) {
            if (this.removeDirectory) {
                (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
            }
            else {
                for (const entry of (0,external_node_fs_.readdirSync)(dir))
                    (0,external_node_fs_.rmSync)(external_node_path_default().join(dir, entry), { recursive: true, force: true });
            }
        }
        else if (dir) {
            context.logger.info(`Kept the work directory: ${dir} (it holds the password in autounattend.xml)`);
        }
        // Directories made for the output go again if no image landed in them.
        if (!succeeded) {
            for (const created of [...(context.createdOutputDirs ?? [])].reverse()) {
                try {
                    (0,external_node_fs_.rmdirSync)(created);
                }
                catch {
                    // Not empty (someone else's file, or the kept work dir): leave it.
                }
            }
        }
    }
}
/** mkdir -p that returns the directories it created, outermost first. */
function makeDirs(dir) {
    const missing = [];
    let current = external_node_path_default().resolve(dir);
    for (;;) {
        try {
            (0,external_node_fs_.readdirSync)(current);
            break;
        }
        catch {
            missing.unshift(current);
            const parent = external_node_path_default().dirname(current);
            if (parent === current)
                break;
            current = parent;
        }
    }
    try {
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    }
    catch (error) {
        throw new errors/* BuildError */.zS('output-unwritable', `Cannot create ${dir}: ${error.message}`, {
            hint: 'Choose an --output in a directory you can write to.',
        });
    }
    return missing;
}

;// CONCATENATED MODULE: ./src/bake/builder.ts
/**
 * The build, as its list of steps. Each step does one thing and knows how to undo it; the builder runs
 * them in order and, whatever happens, cleans up in reverse (Packer's step runner is the model).
 */


































const NO_CHOICES = { generalize: false, windowsUpdate: false, upload: [], provision: [] };
/**
 * The build, step by step; new instances for every build (the steps keep their state). With `generalize`,
 * sysprep powers the guest off instead of a plain shutdown.
 */
function createSteps(choices = {}) {
    const options = { ...NO_CHOICES, ...choices };
    const provisions = options.upload.length > 0 || options.provision.length > 0;
    return [
        new Preflight(),
        new PrepareWorkDir(),
        // Before anything big: the answer medium, the base's copy, the disk, the VM.
        new Admission(),
        new MakeAnswerMedium(),
        ...(options.baseCache ? [new LookUpBase()] : []),
        new CreateDisk(),
        new PlanVm(),
        new start_tpm/* StartTpm */.gK(),
        new RunVm(),
        new AnswerBootPrompt(),
        new WaitUntilReady(),
        ...(options.baseCache ? [new KeepBase()] : []),
        ...(options.windowsUpdate ? [new InstallWindowsUpdates()] : []),
        ...(provisions ? [new Provision()] : []),
        ...(options.windowsUpdate || provisions ? [new RemoveGuestWorkFolder()] : []),
        new TrimFreeSpace(),
        new RestoreAutomaticUpdates(),
        options.generalize ? new Generalize() : new ShutDown(),
        new Compact(),
        new firmware_state/* SaveFirmwareState */.iv(),
        new Finalize(),
    ];
}
/** --dry-run: everything up to the plan, nothing started. */
function createDryRunSteps() {
    return [new Preflight(), new PrepareWorkDir(), new Admission(), new MakeAnswerMedium(), new PlanVm()];
}
class WindowsImageBuilder {
    hooks;
    options;
    logger;
    steps;
    lastTimeline;
    /**
     * @param input options; missing ones take the defaults, all are validated (BuildError, exit code 2).
     * @param logger where progress goes; the password is redacted from everything it receives.
     * @param steps the pipeline (fresh instances, see createSteps); replaceable for tests that inject faults.
     * @param hooks live events, a timeline to continue, the history's place.
     */
    constructor(input, logger = log/* silentLogger */.qq, steps, hooks = {}) {
        this.hooks = hooks;
        this.options = resolveOptions(input);
        this.logger = (0,log/* redactingLogger */.S)(logger, [this.options.password]);
        this.steps = steps ?? (this.options.dryRun ? createDryRunSteps() : createSteps(this.options));
    }
    /** The phases of the build running or last run (after a failure too); undefined before build(). */
    get timeline() {
        return this.lastTimeline;
    }
    /** Runs the build. Resolves to the image (or, with dryRun, the plan); rejects with a BuildError. */
    async build(signal = new AbortController().signal) {
        const startedAt = Date.now();
        const events = new BuildEvents(startedAt, [this.options.password]);
        if (this.hooks.onEvent)
            events.on(this.hooks.onEvent);
        const timeline = this.hooks.timeline ?? new Timeline();
        timeline.connect(events);
        this.lastTimeline = timeline;
        const historyDir = this.hooks.historyDir ?? defaultHistoryDir();
        const context = {
            options: this.options,
            logger: warningEvents(this.logger, events),
            signal,
            startedAt,
            buildId: (0,external_node_crypto_.randomUUID)(),
            deadline: startedAt + buildLimitMs(this.options),
            timeline,
            events,
            ...(historyDir === false ? {} : { historyFile: external_node_path_default().join(historyDir, HISTORY_FILE) }),
        };
        const done = [];
        let failure;
        try {
            for (const step of this.steps) {
                if (signal.aborted)
                    throw (0,bake_deadline/* cancelledError */.YQ)(signal);
                if (step.phase)
                    timeline.start(step.phase);
                this.logger.phase(step.title);
                done.push(step);
                await step.run(context);
            }
        }
        catch (error) {
            failure =
                signal.aborted && !(error instanceof errors/* BuildError */.zS) ? (0,bake_deadline/* cancelledError */.YQ)(signal) : (0,errors/* asBuildError */.L2)(error);
            failure = withFinishedImage(failure, context.finishedImage);
            // Before the cleanups stop QEMU: the guest may still answer over SSH. A cancelled build leaves nothing.
            if (context.session && failure.code !== 'cancelled')
                failure = await this.withBundle(context, failure);
        }
        for (const step of done.reverse()) {
            try {
                await step.cleanup?.(context, failure === undefined);
            }
            catch (error) {
                this.logger.warn(`Cleanup of "${step.title}" failed: ${error.message}`);
            }
        }
        timeline.end();
        const durationMs = Date.now() - context.startedAt;
        if (!failure && !this.options.dryRun && !context.image)
            failure = new errors/* BuildError */.zS('internal', 'The build ended without an image');
        if (failure) {
            const error = withFinishedImage(failure, context.finishedImage);
            events.emit({ type: 'result', ok: false, durationMs, error: error.toJSON() });
            throw error;
        }
        if (this.options.dryRun) {
            events.emit({ type: 'result', ok: true, dryRun: true, durationMs });
            return { kind: 'plan', plan: planOf(context), durationMs };
        }
        const image = context.image;
        this.logger.info(`Done in ${(0,log/* formatDuration */.a3)(durationMs)}`);
        this.remember(context, durationMs);
        events.emit({
            type: 'result',
            ok: true,
            dryRun: false,
            durationMs,
            image: { path: image.path, sizeBytes: image.sizeBytes, sha256: image.sha256 },
        });
        return {
            kind: 'image',
            image,
            os: context.os,
            ...(context.windowsBuild ? { windowsBuild: context.windowsBuild } : {}),
            durationMs,
            timeline: timeline.toJSON(),
            ...(context.updates ? { updates: context.updates } : {}),
            ...(context.base ? { base: { status: context.base.status, key: context.base.key } } : {}),
        };
    }
    /** The failure bundle, its place named at the end of the hint; a bundle that fails is only a warning. */
    async withBundle(context, failure) {
        let timer;
        const budget = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`not done within ${BUNDLE_BUDGET_MS / 1000} s`)), BUNDLE_BUDGET_MS);
        });
        try {
            const bundle = await Promise.race([writeFailureBundle(context, failure), budget]);
            if (!bundle)
                return failure;
            this.logger.info(`Failure bundle: ${bundle.dir}`);
            const where = `Failure bundle: ${bundle.dir}; last screenshot: ${bundle.lastScreenshot ?? 'none was taken'}`;
            const hint = failure.hint ? `${failure.hint} ${where}` : where;
            return new errors/* BuildError */.zS(failure.code, failure.message, { hint, cause: failure, bundle: bundle.dir });
        }
        catch (error) {
            this.logger.warn(`Could not write the failure bundle: ${error.message}`);
            return failure;
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** A successful build's phase durations go into the history (a failure to write costs only estimates). */
    remember(context, totalMs) {
        if (!context.historyFile)
            return;
        try {
            recordBuild(context.historyFile, {
                kind: buildKind(context),
                finishedAt: new Date().toISOString(),
                totalMs,
                phases: context.timeline.durations(),
            });
        }
        catch (error) {
            this.logger.debug(`Could not record the build in ${context.historyFile}: ${error.message}`);
        }
    }
}
/** The logger the steps use: warnings are events too (the password is already redacted by `inner`). */
function warningEvents(inner, events) {
    return {
        ...inner,
        warn: (message) => {
            inner.warn(message);
            events.emit({ type: 'warning', message });
        },
    };
}
/** --build-timeout, and --update-timeout on top when Windows Update runs (its rounds can take hours). */
function buildLimitMs(options) {
    return (options.buildTimeoutSeconds + (options.windowsUpdate ? options.updateTimeoutSeconds : 0)) * 1000;
}
/** The failure bundle's longest wait (its SSH fetches have their own, shorter budget). */
const BUNDLE_BUDGET_MS = 120_000;
/** A finished image is never lost: a failure after it was made says where it is (unless it already does). */
function withFinishedImage(failure, image) {
    if (!image || !(0,external_node_fs_.existsSync)(image) || failure.hint?.includes(image))
        return failure;
    const hint = failure.hint ? `${failure.hint} ${keptHint(image)}` : keptHint(image);
    return new errors/* BuildError */.zS(failure.code, failure.message, { hint, cause: failure });
}
function planOf(context) {
    return {
        os: context.os,
        accel: context.accel,
        cpus: context.vmSize.cpus,
        memoryMiB: context.vmSize.memoryMiB,
        firmware: context.options.firmware,
        workDir: context.workDir,
        answerMedium: context.answerMedium,
        qemu: [QEMU_SYSTEM, ...qemuArgs(context.vm)],
        options: { ...context.options, password: '***' },
    };
}

;// CONCATENATED MODULE: ./src/action/logger.ts
/** The Action's logger: lines through @actions/core, warnings as annotations. */

const actionLogger = {
    // Phases are shown as lines here: the builder runs inside one log group per action phase.
    phase: (title) => core/* info */.pq(`==> ${title}`),
    info: (message) => core/* info */.pq(message),
    warn: (message) => core/* warning */.$e(message),
    debug: (message) => core/* debug */.Yz(message),
};

;// CONCATENATED MODULE: ./src/action/build-steps.ts
/**
 * The action's build: the library's steps as the options choose them, with one of the action's own (saving the
 * downloaded media) placed right after admission.
 */




/**
 * The build, with the fetched media saved to the Actions cache and kept in the local media cache once
 * preflight accepted them (a medium it refuses is never cached). The saves run during the build; its end
 * waits for them, the Actions cache's within their budget.
 */
async function buildSavingMedia(options, media, signal, hooks = {}) {
    const saves = [];
    const keeping = [];
    const local = media.some((medium) => medium.keepLocally);
    const steps = actionSteps(options, {
        title: `Saving the downloaded media to the Actions cache${local ? ' and the local media cache' : ''}`,
        run: () => {
            for (const medium of media) {
                if (medium.save)
                    saves.push(medium.save());
                if (medium.keepLocally)
                    keeping.push(medium.keepLocally());
            }
            return Promise.resolve();
        },
    });
    try {
        return await new WindowsImageBuilder(options, actionLogger, steps, hooks).build(signal);
    }
    finally {
        await Promise.all(keeping);
        for (const running of saves)
            await running.wait(signal);
    }
}
/**
 * The build's steps as the options choose them (generalize, updates, provisioning…), `step` right after
 * admission: the media are kept (a copy into the local media cache) only once the build has its share of
 * the host.
 */
function actionSteps(options, step) {
    return afterAdmission(options.dryRun ? createDryRunSteps() : createSteps(options), step);
}
function afterAdmission(steps, step) {
    const at = steps.findIndex((s) => s instanceof Admission);
    if (at < 0)
        throw new errors/* BuildError */.zS('internal', 'The build has no admission step');
    return [...steps.slice(0, at + 1), step, ...steps.slice(at + 1)];
}

// EXTERNAL MODULE: ./src/action/baseline.ts
var baseline = __webpack_require__(26611);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./src/deps/content-check.ts
/**
 * What a download must be before it is trusted, cached or left at its path: a disc image (ISO 9660 or UDF) or
 * a Windows Installer package. An unpinned URL has no checksum to catch a captive portal's or mirror's HTML
 * error page served with status 200; this catches it, and says what arrived instead.
 */





const EXPECTED = {
    'disc-image': 'an ISO 9660 or UDF disc image',
    msi: 'a Windows Installer package (an OLE compound file)',
};
/** Throws download-failed when `file` (downloaded from `shown`) is not of `kind`. */
async function checkContent(file, kind, shown, size) {
    const ok = kind === 'disc-image' ? await isDiscImage(file) : await isCompoundFile(file);
    if (ok)
        return;
    const head = await readHead(file, 64);
    throw new errors/* BuildError */.zS('download-failed', `${shown} did not serve ${EXPECTED[kind]}: it sent ${describeContent(head, size)}`, {
        hint: 'The server answered with something else (an error or login page, or the wrong file): open the URL in ' +
            'a browser, fix the URL, or download the file yourself and pass its path.',
    });
}
/** Pure: a short description of what a file holds, from its first bytes and its size, for an error message. */
function describeContent(head, size) {
    if (size === 0)
        return 'an empty file';
    const text = head.toString('latin1').trimStart().toLowerCase();
    const amount = (0,log/* formatBytes */.z3)(size);
    if (/^(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)/.test(text) || text.includes('<html')) {
        return `an HTML page (${amount})`;
    }
    if (text.startsWith('{') || text.startsWith('['))
        return `what looks like JSON (${amount})`;
    const shown = head.subarray(0, 16);
    const printable = /^[\x20-\x7e\t\r\n]*$/.test(shown.toString('latin1'));
    return printable
        ? `${amount} of text starting with ${JSON.stringify(shown.toString('latin1'))}`
        : `${amount} starting with bytes ${shown.toString('hex').replace(/(..)(?!$)/g, '$1 ')}`;
}
async function readHead(file, length) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const head = Buffer.alloc(length);
        const { bytesRead } = await handle.read(head, 0, length, 0);
        return head.subarray(0, bytesRead);
    }
    finally {
        await handle.close();
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var http_client_lib = __webpack_require__(44942);
;// CONCATENATED MODULE: ./src/deps/http-get.ts
/**
 * The one HTTP stack for downloads: GET for the body, HEAD to find where a stable URL leads. Redirects are
 * followed (bounded, no https → http downgrade), a connection that delivers nothing for `stallTimeoutMs` is
 * dropped, and every failure is sorted into a TransientError (worth another attempt) or a BuildError (final,
 * with a hint). Requests go through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY (or lower case) exempts the host:
 * @actions/http-client's rules and tunnelling agent, the same the cache and artifact clients use; loopback
 * addresses never go through a proxy. download.ts streams, verifies and retries on top of it.
 */





const USER_AGENT = 'bake-windows-image';
const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ENETDOWN',
    'ERR_STREAM_PREMATURE_CLOSE',
]);
/** A failure worth another attempt. */
class TransientError extends Error {
}
/** The URL without credentials or query string (signed URLs carry secrets there). */
function displayUrl(url) {
    const parsed = httpUrl(url);
    if (parsed)
        return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
    // Not an http(s) URL, but it may still hold a token: nothing after '?' or '#', no user info.
    const cut = url.replace(/[?#][\s\S]*$/, '?…');
    const scheme = /^[^/@]*:\/\//.exec(cut)?.[0] ?? '';
    const at = cut.indexOf('@');
    const userInfo = at >= 0 && !cut.slice(scheme.length, at).includes('/');
    return userInfo ? `${scheme}…${cut.slice(at)}` : cut;
}
function httpUrl(url) {
    try {
        const parsed = new URL(url);
        return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * What identifies a download for the cache: the URL without user info, query or fragment, so that a signed
 * URL (whose query changes on every run) or a token does not change the key, and never reaches it.
 */
function urlIdentity(url) {
    const parsed = httpUrl(url);
    return parsed ? `${parsed.origin}${parsed.pathname}` : displayUrl(url);
}
/** The hint for a download that failed on the network; it names the proxy the request went through, if any. */
function networkHint(url) {
    const proxy = url ? (0,http_client_lib/* getProxyUrl */.s_)(url.href) : '';
    return ('Check that this machine can reach the URL (curl -fIL <url>) and try again later.' +
        (proxy
            ? ` The request went through the proxy ${displayUrl(proxy)} (HTTPS_PROXY/HTTP_PROXY): check that it ` +
                'allows the host, or list the host in NO_PROXY.'
            : ''));
}
/** GETs `start`, following redirects, and resolves with a 200 response whose body is not yet read. */
async function httpGet(start, options) {
    return (await follow(start, 'GET', options)).opened;
}
/**
 * The URL a HEAD request ends at after redirects (never from https down to http); the URL itself when that
 * cannot be found out (a server without HEAD, a network failure, `timeoutMs` passed): this only picks a cache
 * key, and the GET that follows reports real failures.
 */
async function resolveRedirects(start, options) {
    const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000)];
    if (options.signal)
        signals.push(options.signal);
    try {
        const { opened, url } = await follow(new URL(start), 'HEAD', {
            ...options,
            signal: AbortSignal.any(signals),
        });
        opened.response.resume();
        return url.href;
    }
    catch {
        return start;
    }
}
async function follow(start, method, options) {
    const stallMs = options.stallTimeoutMs ?? 60_000;
    const maxRedirects = options.maxRedirects ?? 10;
    let url = start;
    for (let redirects = 0;; redirects++) {
        const opened = await request(url, method, stallMs, options.signal);
        const { response } = opened;
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location) {
            response.resume();
            const next = new URL(location, url);
            if (redirects >= maxRedirects) {
                throw new errors/* BuildError */.zS('download-failed', `Could not download ${displayUrl(start.href)}: too many redirects`, {
                    hint: `The server redirected more than ${maxRedirects} times; check the URL.`,
                });
            }
            if (next.protocol !== 'https:' && (url.protocol === 'https:' || next.protocol !== 'http:')) {
                throw new errors/* BuildError */.zS('download-failed', `Could not download ${displayUrl(start.href)}: refusing a redirect from ${url.protocol} to ${displayUrl(next.href)}`, { hint: 'Use a URL that stays on https, or download the file yourself and pass its path.' });
            }
            options.logger.debug(`${displayUrl(url.href)} redirects (${status}) to ${displayUrl(next.href)}`);
            url = next;
            continue;
        }
        if (status === 200)
            return { opened, url };
        response.resume();
        const what = `${status} ${(external_node_http_default()).STATUS_CODES[status] ?? ''}`.trim();
        if (TRANSIENT_STATUS.has(status))
            throw new TransientError(`the server answered ${what}`);
        throw new errors/* BuildError */.zS('download-failed', `Could not download ${displayUrl(start.href)}: the server answered ${what}`, {
            hint: status === 404 || status === 410
                ? 'Check the URL: the file may have moved (a newer release?).'
                : 'Check the URL and that it needs no authentication.',
        });
    }
}
function request(url, method, stallMs, signal) {
    return new Promise((resolve, reject) => {
        let stalled;
        const send = url.protocol === 'https:' ? (external_node_https_default()).request : (external_node_http_default()).request;
        const req = send(url, {
            method,
            signal,
            // A direct agent, or a tunnel through the proxy the environment names for this URL.
            agent: new http_client_lib/* HttpClient */.Qq(USER_AGENT).getAgent(url.href),
            headers: { 'user-agent': USER_AGENT, accept: '*/*' },
        });
        req.end();
        // Socket inactivity, both while waiting for the headers and while reading the body.
        req.setTimeout(stallMs, () => {
            stalled = new TransientError(`no data for ${(0,log/* formatDuration */.a3)(stallMs)} (stalled connection)`);
            req.destroy(stalled);
        });
        req.once('response', (response) => resolve({ request: req, response, stalled: () => stalled }));
        req.on('error', (error) => reject(classify(error, signal, url, stalled)));
    });
}
/** Turns a low-level failure into a TransientError (retry) or a BuildError (give up). */
function classify(error, signal, url, stalled) {
    const shown = displayUrl(url.href);
    if (error instanceof TransientError || error instanceof errors/* BuildError */.zS)
        return error;
    if (signal?.aborted)
        return new errors/* BuildError */.zS('cancelled', `The download of ${shown} was cancelled`);
    if (stalled)
        return stalled;
    const code = error.code ?? '';
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ENOSPC') {
        return new errors/* BuildError */.zS('no-space', `No space left on the device while downloading ${shown}`, {
            hint: 'Free some disk space (the file is written next to its destination) and try again.',
            cause: error,
        });
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        return new errors/* BuildError */.zS('output-unwritable', `Cannot write the download of ${shown}: ${message}`, {
            hint: 'Choose a destination directory this user can write to.',
            cause: error,
        });
    }
    if (TRANSIENT_CODES.has(code) || message === 'aborted')
        return new TransientError(message || code);
    if (code === 'ENOTFOUND') {
        return new errors/* BuildError */.zS('download-failed', `Could not download ${shown}: the host ${url.hostname} is unknown`, {
            hint: 'Check the URL and the DNS configuration of this machine.',
            cause: error,
        });
    }
    return new errors/* BuildError */.zS('download-failed', `Could not download ${shown}: ${message}`, {
        hint: networkHint(url),
        cause: error,
    });
}

;// CONCATENATED MODULE: ./src/deps/download.ts
/**
 * Downloads one file over http(s): streamed to a temporary file next to `dest` and renamed into place only once
 * complete and verified (its sha256 when pinned, what it is when `content` says), so `dest` never holds a
 * partial or unverified file. Redirects are followed (bounded, no https → http downgrade), a connection that
 * delivers nothing for `stallTimeoutMs` or less than `minRate` over its window is dropped, and transient
 * failures (network errors, stalls, slow or truncated bodies, 408/429/5xx) are retried a bounded number of
 * times. The request itself (redirects, proxies, stall timer, sorting failures) is in http-get.ts.
 */










const DEFAULT_MIN_RATE = { windowMs: 5 * 60_000, bytesPerSecond: 50 * 1024 };
/** Lowercase hex of a sha256 given as hex or "sha256:hex"; a BuildError names the malformed value. */
function normalizeSha256(value, what = 'sha256') {
    const hex = value.trim().replace(/^sha256:/i, '');
    if (!/^[0-9a-f]{64}$/i.test(hex)) {
        throw new errors/* BuildError */.zS('invalid-option', `${what} must be 64 hexadecimal digits, got "${value}"`, {
            hint: 'Use the sha256 the publisher lists for the file, or compute one with: sha256sum <file>',
        });
    }
    return hex.toLowerCase();
}
async function downloadVerified(options) {
    const expected = options.sha256 === undefined ? undefined : normalizeSha256(options.sha256);
    const attempts = Math.max(1, options.attempts ?? 4);
    const retryDelayMs = options.retryDelayMs ?? 2000;
    const shown = displayUrl(options.url);
    let url;
    try {
        url = new URL(options.url);
    }
    catch {
        throw new errors/* BuildError */.zS('invalid-option', `Not a valid download URL: ${shown}`, {
            hint: 'Give an absolute http:// or https:// URL.',
        });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new errors/* BuildError */.zS('invalid-option', `Cannot download ${shown}: only http and https URLs are supported`, {
            hint: 'Download the file yourself and pass its path instead.',
        });
    }
    try {
        await (0,promises_.mkdir)(external_node_path_default().dirname(options.dest), { recursive: true });
    }
    catch (error) {
        throw new errors/* BuildError */.zS('output-unwritable', `Cannot create ${external_node_path_default().dirname(options.dest)}: ${String(error)}`, {
            hint: 'Choose a destination directory this user can write to.',
            cause: error,
        });
    }
    for (let attempt = 1;; attempt++) {
        checkCancelled(options.signal, shown);
        try {
            return await attemptDownload(url, expected, options);
        }
        catch (error) {
            if (!(error instanceof TransientError))
                throw error;
            if (attempt >= attempts) {
                throw new errors/* BuildError */.zS('download-failed', `Could not download ${shown}: ${error.message} (gave up after ${attempts} attempts)`, { hint: networkHint(url), cause: error });
            }
            const delay = retryDelayMs * 2 ** (attempt - 1);
            options.logger.warn(`Download of ${shown} failed: ${error.message}; retrying in ${(0,log/* formatDuration */.a3)(delay)} (attempt ${attempt + 1} of ${attempts})`);
            await sleep(delay, options.signal, shown);
        }
    }
}
function checkCancelled(signal, shown) {
    if (signal?.aborted)
        throw new errors/* BuildError */.zS('cancelled', `The download of ${shown} was cancelled`);
}
function sleep(ms, signal, shown) {
    return new Promise((resolve, reject) => {
        const onAbort = () => {
            clearTimeout(timer);
            reject(new errors/* BuildError */.zS('cancelled', `The download of ${shown} was cancelled`));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
async function attemptDownload(url, expected, options) {
    const { logger, dest } = options;
    const name = external_node_path_default().basename(dest);
    const started = Date.now();
    const opened = await httpGet(url, options);
    const total = Number(opened.response.headers['content-length']) || undefined;
    logger.info(`Downloading ${name} from ${displayUrl(url.href)}${total ? ` (${(0,log/* formatBytes */.z3)(total)})` : ''}`);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let received = 0;
    let lastReport = started;
    const interval = options.progressIntervalMs ?? 10_000;
    const meter = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            received += chunk.length;
            const now = Date.now();
            if (now - lastReport >= interval) {
                lastReport = now;
                const share = total ? ` of ${(0,log/* formatBytes */.z3)(total)} (${Math.floor((received / total) * 100)}%)` : '';
                logger.info(`Downloading ${name}: ${(0,log/* formatBytes */.z3)(received)}${share}, ${(0,log/* formatRate */.CE)(received, now - started)}`);
            }
            callback(null, chunk);
        },
    });
    const temp = external_node_path_default().join(external_node_path_default().dirname(dest), `.${name}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.part`);
    const slow = watchRate(options.minRate ?? DEFAULT_MIN_RATE, () => received, opened.request);
    try {
        try {
            await (0,external_node_stream_promises_.pipeline)(opened.response, meter, (0,external_node_fs_.createWriteStream)(temp));
        }
        catch (error) {
            opened.request.destroy();
            const tooSlow = slow.failure();
            if (tooSlow && !options.signal?.aborted)
                throw tooSlow;
            const failure = classify(error, options.signal, url, opened.stalled());
            if (failure instanceof TransientError && !opened.stalled()) {
                const of = total === undefined ? '' : ` of ${total}`;
                throw new TransientError(`the connection broke after ${received}${of} bytes (${failure.message})`);
            }
            throw failure;
        }
        finally {
            slow.stop();
        }
        // A closed connection can end a body early without an error: compare with what was announced.
        if (total !== undefined && received !== total) {
            throw new TransientError(`the body ended after ${received} of ${total} bytes`);
        }
        if (opened.response.complete === false)
            throw new TransientError('the connection closed early');
        const actual = hash.digest('hex');
        if (expected !== undefined && actual !== expected) {
            throw new errors/* BuildError */.zS('checksum-mismatch', `${name} from ${displayUrl(url.href)} does not match its checksum: expected sha256 ${expected}, got ${actual} (${(0,log/* formatBytes */.z3)(received)})`, {
                hint: 'If the publisher has changed the file, verify the new one and update the pinned sha256; ' +
                    'otherwise the download was corrupted or tampered with — retry later or use another mirror.',
            });
        }
        if (options.content)
            await checkContent(temp, options.content, displayUrl(url.href), received);
        await (0,promises_.rename)(temp, dest);
        logger.info(`Downloaded ${name}: ${(0,log/* formatBytes */.z3)(received)} in ${(0,log/* formatDuration */.a3)(Date.now() - started)}, sha256 ${actual}`);
        return { path: dest, sha256: actual, size: received };
    }
    finally {
        await (0,promises_.rm)(temp, { force: true });
    }
}
/**
 * Checks, at the end of each window, that the window brought at least its share of bytes; destroys the request
 * with a TransientError when not. Tumbling windows from the first byte of the response.
 */
function watchRate(rate, received, request) {
    let failure;
    let atWindowStart = received();
    const timer = setInterval(() => {
        const got = received() - atWindowStart;
        atWindowStart = received();
        if (got * 1000 >= rate.bytesPerSecond * rate.windowMs)
            return;
        failure = new TransientError(`the transfer was too slow: ${(0,log/* formatBytes */.z3)(got)} in ${(0,log/* formatDuration */.a3)(rate.windowMs)}, ` +
            `below the minimum of ${(0,log/* formatRate */.CE)(rate.bytesPerSecond, 1000)}`);
        clearInterval(timer);
        request.destroy(failure);
    }, rate.windowMs);
    return { failure: () => failure, stop: () => clearInterval(timer) };
}

;// CONCATENATED MODULE: ./src/action/media-cache-settings.ts
/**
 * Where the action keeps downloaded media between jobs, from the `media-cache` and `media-cache-max-size`
 * inputs and the runner's environment. A self-hosted runner keeps its tool cache, so by default the media stay
 * there; a GitHub-hosted runner's tool cache goes with the job, so there the default is no local cache. Pure.
 */



const DEFAULT_MEDIA_CACHE_MAX_BYTES = 20 * 1024 ** 3;
const OFF = new Set(['false', 'no', 'off', '0']);
/**
 * `media-cache`: empty = the default (RUNNER_TOOL_CACHE/bake-windows-image/media, except on GitHub-hosted
 * runners and without a tool cache); `true` = that default directory even on a GitHub-hosted runner; `false`
 * = no local cache; anything else is the directory. Undefined: no local cache.
 */
function mediaCacheSettings(cacheInput, maxSizeInput, env) {
    const value = cacheInput.trim();
    const maxBytes = maxSizeInput.trim()
        ? parseByteSize(maxSizeInput, 'Input media-cache-max-size')
        : DEFAULT_MEDIA_CACHE_MAX_BYTES;
    if (OFF.has(value.toLowerCase()))
        return undefined;
    const forced = value.toLowerCase() === 'true';
    if (value && !forced)
        return { dir: external_node_path_default().resolve(value), maxBytes };
    const toolCache = env.RUNNER_TOOL_CACHE?.trim();
    if (!toolCache) {
        if (forced) {
            throw new errors/* BuildError */.zS('invalid-option', 'Input media-cache: true, but the runner has no tool cache', {
                hint: 'Give media-cache a directory that outlives the job, or leave it empty.',
            });
        }
        return undefined;
    }
    // GitHub-hosted runners start from a fresh image: a cache there only costs a copy.
    if (!forced && env.RUNNER_ENVIRONMENT?.trim().toLowerCase() === 'github-hosted')
        return undefined;
    return { dir: external_node_path_default().join(toolCache, 'bake-windows-image', 'media'), maxBytes };
}
/** `20G`, `20 GiB`, `512M`, `1073741824` → bytes (binary units); at least 1 byte. Pure. */
function parseByteSize(text, subject) {
    const bytes = (0,log/* parseBytes */.z_)(text);
    if (bytes === undefined || bytes < 1) {
        throw new errors/* BuildError */.zS('invalid-option', `${subject}: "${text.trim()}" is not a size`, {
            hint: 'Give a size in bytes or with a binary unit: 20G, 20 GiB, 512M.',
        });
    }
    return bytes;
}

;// CONCATENATED MODULE: ./src/registry/chunks.ts
/**
 * The opt-in chunked upload's arithmetic (the OCI distribution spec, "Pushing a blob in chunks"): which bytes
 * each PATCH carries, its `Content-Range` (`<start>-<end>`, inclusive, no `bytes=`), what a `Range: 0-<end>`
 * answer says the registry holds, and which chunk sizes are accepted. Pure; blob-upload.ts sends the chunks.
 */


/**
 * The smallest chunk accepted. Request-body limits in the wild are 1 MiB (nginx's default
 * client_max_body_size), 4 MiB (GHCR's ranged PATCH) or 100 MB (Cloudflare): all above it. Below it, each
 * request's round trip and the registry's per-PATCH bookkeeping would dominate: a 20 GiB image is already
 * 80 000 requests at 256 KiB.
 */
const MIN_CHUNK_BYTES = 256 * 1024;
const MIN_CHUNK_TEXT = `${MIN_CHUNK_BYTES / 1024} KiB`;
const CHUNK_SIZE_HINT = `Give a size of at least ${MIN_CHUNK_TEXT} in bytes or binary units, below the request limit of the registry or its proxy: e.g. 50MiB (nginx's default limit is 1MiB, GHCR takes at most 4MiB).`;
/** The bytes the next PATCH sends from `offset`: the rest of the blob, or at most `chunkSize` of it. */
function nextChunk(offset, size, chunkSize) {
    return { from: offset, to: chunkSize === undefined ? size : Math.min(size, offset + chunkSize) };
}
/** A chunk's Content-Range: first and last byte, inclusive, without a unit (the spec's form). */
function contentRange({ from, to }) {
    return `${from}-${to - 1}`;
}
/** `Range: 0-N` (distribution also writes `bytes=0-N`) → the N+1 bytes the registry holds; undefined without. */
function heldBytes(range) {
    const match = /^(?:bytes=)?0-(\d+)$/.exec(range?.trim() ?? '');
    return match ? Number(match[1]) + 1 : undefined;
}
/** A chunk size (bytes) as the library takes it: a whole number of at least MIN_CHUNK_BYTES. */
function checkChunkSize(bytes, subject, given = String(bytes)) {
    if (!Number.isSafeInteger(bytes) || bytes < MIN_CHUNK_BYTES) {
        throw new errors/* BuildError */.zS('invalid-option', `${subject}: ${given} is below the smallest chunk, ${MIN_CHUNK_TEXT}`, { hint: CHUNK_SIZE_HINT });
    }
    return bytes;
}
/** A chunk size as users type it (`4MiB`, `64M`, `1048576`) → bytes; usage errors name the fix. */
function parseChunkSize(text, subject) {
    const bytes = (0,log/* parseBytes */.z_)(text);
    if (bytes === undefined) {
        throw new errors/* BuildError */.zS('invalid-option', `${subject}: "${text.trim()}" is not a size`, {
            hint: CHUNK_SIZE_HINT,
        });
    }
    return checkChunkSize(bytes, subject, `"${text.trim()}"`);
}

;// CONCATENATED MODULE: ./src/registry/http.ts
/**
 * One HTTP exchange with a registry, on Node's own http/https: a request with an optional body (bytes, or a
 * stream made fresh for each attempt), the response's status, headers and (small) body. Plain http only when
 * asked (--insecure). A connection silent for a minute (idleTimeoutMs) fails. Errors are plain: the client (client.ts) decides what to retry and what to tell.
 */


/** Registry answers are JSON or empty; a larger body is cut here (and is not what we came for). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const agents = { http: new (external_node_http_default()).Agent({ keepAlive: true }), https: new (external_node_https_default()).Agent({ keepAlive: true }) };
function send(request) {
    const { url, method, headers = {}, body, signal, idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS } = request;
    const secure = url.protocol === 'https:';
    const module = secure ? (external_node_https_default()) : (external_node_http_default());
    return new Promise((resolve, reject) => {
        const outgoing = module.request(url, {
            method,
            headers: {
                'User-Agent': 'bake-windows-image',
                ...(Buffer.isBuffer(body) ? { 'Content-Length': String(body.length) } : {}),
                ...headers,
            },
            agent: secure ? agents.https : agents.http,
            signal,
            // A socket without a byte either way for this long: a stalled connection, which the caller may retry.
            timeout: idleTimeoutMs,
        });
        outgoing.on('error', reject);
        outgoing.on('timeout', () => outgoing.destroy(new Error(`no data from ${url.host} for ${idleTimeoutMs / 1000} s`)));
        outgoing.on('response', (response) => {
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size <= MAX_RESPONSE_BYTES)
                    chunks.push(chunk);
            });
            response.on('error', reject);
            response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        });
        if (body === undefined)
            outgoing.end();
        else if (Buffer.isBuffer(body))
            outgoing.end(body);
        else {
            const stream = body();
            stream.on('error', (error) => outgoing.destroy(error));
            stream.pipe(outgoing);
        }
    });
}
/** A header's one value (the first, when repeated). */
function header(response, name) {
    const value = response.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
}
/** The registry's error text: `{"errors":[{"code","message"}]}` made one line, or the status alone. */
function describeResponse(response) {
    try {
        const parsed = JSON.parse(response.body.toString('utf8'));
        const errors = (parsed.errors ?? []).map((e) => [e.code, e.message].filter(Boolean).join(': '));
        if (errors.length > 0)
            return `HTTP ${response.status} (${errors.join('; ')})`;
    }
    catch {
        // Not JSON: the status says it.
    }
    return `HTTP ${response.status}`;
}

;// CONCATENATED MODULE: ./src/registry/auth.ts
/**
 * Who we are to a registry. Credentials come from the caller (flags, environment, the action's inputs) or
 * from ~/.docker/config.json `auths` as docker and skopeo keep them. A 401's `WWW-Authenticate` challenge says
 * how to use them: Basic (sent as they are) or Bearer (exchanged at the token endpoint for a token scoped to
 * `repository:R:pull,push`). Nothing here logs, and no message carries a password.
 */





/** `Bearer realm="https://x/token",service="x",scope="repository:r:pull"` → scheme and parameters. */
function parseChallenge(text) {
    const match = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(text);
    if (!match?.[1])
        return undefined;
    const params = {};
    const pattern = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/g;
    for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(pattern)) {
        if (key)
            params[key.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    }
    return { scheme: match[1].toLowerCase(), params };
}
/** The `auths` entry of a docker config for `registry` (with or without https://, trailing slash). */
function credentialsFromDockerConfig(registry, file = external_node_path_default().join(process.env.DOCKER_CONFIG ?? external_node_path_default().join(external_node_os_default().homedir(), '.docker'), 'config.json')) {
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
    const hosts = registry === 'registry-1.docker.io' ? [registry, 'docker.io', 'index.docker.io'] : [registry];
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
        if (!hosts.includes(host))
            continue;
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
        if (entry.username && entry.password)
            return { username: entry.username, password: entry.password };
    }
    return undefined;
}
function basicAuthorization({ username, password }) {
    return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
function refused(registry, credentials, detail) {
    return new errors/* BuildError */.zS('registry-auth', credentials
        ? `${registry} refused the credentials of "${credentials.username}" (${detail})`
        : `${registry} wants credentials and none were given (${detail})`, {
        hint: credentials
            ? 'Check the user name and password or token, and that it may push to this repository (GHCR: a token with write:packages, or GITHUB_TOKEN with permissions: packages: write).'
            : 'Give --username and --password-stdin (or BAKE_REGISTRY_USERNAME/BAKE_REGISTRY_PASSWORD, or docker login).',
    });
}
/**
 * The Authorization header that answers `challenge`, or a registry-auth error. Bearer: GET realm?service&scope
 * with Basic credentials (anonymous without), and the token from its JSON answer.
 */
async function answerChallenge(challenge, { registry, repository, credentials, insecure = false, signal, idleTimeoutMs, }) {
    if (challenge.scheme === 'basic') {
        if (!credentials)
            throw refused(registry, credentials, 'Basic authentication');
        return basicAuthorization(credentials);
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
        throw new errors/* BuildError */.zS('registry-auth', `${registry} asks for "${challenge.scheme}" authentication, which is not supported`, {
            hint: 'Registries with Basic or Bearer token authentication (GHCR, Docker Hub, distribution, Harbor, …) are supported.',
        });
    }
    let realm;
    try {
        realm = new URL(challenge.params.realm);
    }
    catch {
        throw new errors/* BuildError */.zS('registry-auth', `${registry} names a token endpoint that is not a URL`, {
            hint: 'The registry is misconfigured (its auth realm).',
        });
    }
    if (credentials && realm.protocol !== 'https:' && !insecure) {
        throw new errors/* BuildError */.zS('registry-auth', `${registry} asks for the credentials of "${credentials.username}" at ${realm.origin}, which is not https; they were not sent`, {
            hint: 'A token endpoint must be https; for a local test registry on plain http, add --insecure (action: registry-insecure: true).',
        });
    }
    if (challenge.params.service)
        realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', `repository:${repository}:pull,push`);
    let response;
    try {
        response = await send({
            method: 'GET',
            url: realm,
            headers: credentials ? { Authorization: basicAuthorization(credentials) } : {},
            signal,
            idleTimeoutMs,
        });
    }
    catch (error) {
        throw new errors/* BuildError */.zS('push-failed', `The token endpoint ${realm.origin} of ${registry} could not be reached: ${error.message}`, {
            hint: 'Check the network path to the registry and its token service.',
            cause: error,
        });
    }
    if (response.status === 401 || response.status === 403)
        throw refused(registry, credentials, `token endpoint: ${describeResponse(response)}`);
    if (response.status !== 200) {
        throw new errors/* BuildError */.zS('push-failed', `The token endpoint of ${registry} answered ${describeResponse(response)}`, {
            hint: 'The registry may be having trouble; try again later.',
        });
    }
    const { token, access_token: accessToken } = JSON.parse(response.body.toString('utf8'));
    const bearer = token ?? accessToken;
    if (!bearer)
        throw refused(registry, credentials, 'the token endpoint gave no token');
    return `Bearer ${bearer}`;
}

;// CONCATENATED MODULE: ./src/registry/blob-source.ts
/**
 * A blob to upload: its digest, size, and a way to read any byte range of it as a stream, so that a chunk can
 * be sent again from where the registry stopped. A blob is a list of parts: bytes in memory (a manifest, a tar
 * header) and ranges of files (the qcow2), read from disk as they are sent, never whole in memory.
 */



function partSize(part) {
    return 'bytes' in part ? part.bytes.length : part.size;
}
async function* rangeOf(parts, start, end) {
    let offset = 0;
    for (const part of parts) {
        const size = partSize(part);
        const from = Math.max(start, offset) - offset;
        const to = Math.min(end, offset + size) - offset;
        offset += size;
        if (to <= from)
            continue;
        if ('bytes' in part)
            yield part.bytes.subarray(from, to);
        else if (to > from) {
            for await (const chunk of (0,external_node_fs_.createReadStream)(part.file, {
                start: from,
                end: to - 1,
                highWaterMark: 1 << 20,
            }))
                yield chunk;
        }
    }
}
/** The digest of the parts, read once (a file of gigabytes is streamed through the hash). */
async function digestOf(parts) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const size = parts.reduce((sum, part) => sum + partSize(part), 0);
    for await (const chunk of rangeOf(parts, 0, size))
        hash.update(chunk);
    return `sha256:${hash.digest('hex')}`;
}
function blobSource(parts, digest, mediaType) {
    const size = parts.reduce((sum, part) => sum + partSize(part), 0);
    return { digest, size, mediaType, open: (start, end) => external_node_stream_.Readable.from(rangeOf(parts, start, end)) };
}
function bytesBlob(bytes, mediaType) {
    return blobSource([{ bytes }], `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`, mediaType);
}
/** A file part with the file's current size. */
function filePart(file) {
    return { file, size: statSync(file).size };
}

;// CONCATENATED MODULE: ./src/registry/blob-upload.ts
/**
 * Blob upload, as docker and skopeo do it: HEAD first (a blob the registry has is not sent again), POST to open
 * an upload, ONE streamed PATCH with the whole blob (no Content-Range: GHCR refuses Content-Range chunks above
 * 4 MiB), PUT ?digest= to close it. Opt-in (`chunkSizeBytes`, for a proxy that limits a request's body): PATCH
 * after PATCH of at most that many bytes, each with Content-Range, following each 202's Location and trusting
 * its Range over what was sent. A PATCH that breaks (connection, 5xx) is not blindly resent: GET on the upload
 * URL says what the registry kept (Range: 0-N), and the rest goes from N+1 (one PATCH, or chunks again); when
 * the registry has dropped the upload, a new one starts. Bounded. A 413 (or GHCR's 416 "too large") fails at
 * once, naming the chunk size as the fix. An upload given up (failed, or replaced by a new one) is cancelled
 * with a best-effort DELETE, so the registry does not keep its bytes until it expires.
 */




/** A 416 that is not about the offset but the size of the request body (GHCR: "exceeds … 4.00MiB"). */
const TOO_LARGE = /exceed|too large|maximum|limit/i;
async function pushBlob(client, blob, options = {}) {
    if (await client.blobExists(blob.digest))
        return { status: 'exists' };
    const session = { location: await startUpload(client) };
    try {
        return await upload(client, blob, session, options);
    }
    catch (error) {
        await cancelUpload(client, session.location);
        throw error;
    }
}
async function upload(client, blob, session, { maxFailures = 5, chunkSizeBytes }) {
    let offset = 0;
    let patches = 0;
    let failures = 0;
    while (offset < blob.size) {
        let failure;
        const chunk = nextChunk(offset, blob.size, chunkSizeBytes);
        try {
            patches++;
            const response = await client.request({
                method: 'PATCH',
                url: client.url(session.location),
                headers: {
                    'Content-Type': 'application/octet-stream',
                    'Content-Length': String(chunk.to - chunk.from),
                    ...(chunkSizeBytes === undefined ? {} : { 'Content-Range': contentRange(chunk) }),
                },
                body: () => blob.open(chunk.from, chunk.to),
            }, { retry: false });
            if (response.status === 202) {
                session.location = header(response, 'location') ?? session.location;
                const kept = chunkSizeBytes === undefined ? chunk.to : keptAfter(client, blob, chunk, response);
                if (kept > chunk.from) {
                    offset = kept;
                    continue;
                }
                failure = `the registry kept none of bytes ${contentRange(chunk)} (Range: ${header(response, 'range')})`;
            }
            else {
                if (response.status === 413 || (response.status === 416 && TOO_LARGE.test(response.body.toString())))
                    throw tooLarge(client, blob, response, chunk, chunkSizeBytes !== undefined);
                // 416: the registry holds another offset than ours; what it has is asked for below.
                if (response.status < 500 && response.status !== 416 && response.status !== 429)
                    throw client.unexpected(`Uploading ${blob.digest}`, response);
                failure = `PATCH answered HTTP ${response.status}`;
            }
        }
        catch (error) {
            // A broken connection; anything else (refused, cancelled) ends the upload.
            if (!(error instanceof errors/* BuildError */.zS) || error.code !== 'push-failed' || !error.cause)
                throw error;
            failure = error.cause.message;
        }
        if (++failures > maxFailures) {
            throw new errors/* BuildError */.zS('push-failed', `Uploading ${blob.digest} to ${client.name} failed ${failures} times; last: ${failure}`, {
                hint: 'The connection to the registry keeps breaking; try again later or from a closer network.',
            });
        }
        const resumed = await resumePoint(client, session.location);
        if (resumed) {
            client.logger.warn(`Upload of ${blob.digest} broke (${failure}); the registry has ${(0,log/* formatBytes */.z3)(resumed.offset)} of ${(0,log/* formatBytes */.z3)(blob.size)}, sending the rest`);
            ({ location: session.location, offset } = resumed);
        }
        else {
            client.logger.warn(`Upload of ${blob.digest} broke (${failure}) and the registry dropped it; starting it again`);
            await cancelUpload(client, session.location);
            session.location = await startUpload(client);
            offset = 0;
        }
    }
    const done = client.url(session.location);
    done.searchParams.set('digest', blob.digest);
    const uploaded = { status: 'uploaded', patches, resumed: failures };
    let failure;
    try {
        const response = await client.request({
            method: 'PUT',
            url: done,
            headers: { 'Content-Type': 'application/octet-stream' },
            body: Buffer.alloc(0),
        });
        if (response.status === 201 || response.status === 204)
            return uploaded;
        failure = client.unexpected(`Completing the upload of ${blob.digest}`, response);
    }
    catch (error) {
        failure = error;
    }
    // The PUT may have been taken with only its answer lost (or a retry of it got 404 for the closed upload):
    // then the blob is there.
    if (await existsAfterAll(client, blob))
        return uploaded;
    throw failure;
}
/** After a chunk's 202: where the next one starts. The registry's Range, when it says one, wins over ours. */
function keptAfter(client, blob, chunk, response) {
    const held = heldBytes(header(response, 'range'));
    if (held === undefined || held === chunk.to)
        return chunk.to;
    client.logger.warn(`The registry holds ${(0,log/* formatBytes */.z3)(held)} of ${blob.digest}, not the ${(0,log/* formatBytes */.z3)(chunk.to)} sent; going on from there`);
    return held;
}
/** A 413, or a 416 about the size: the same request would fail again, so no retry; the fix is the chunk size. */
function tooLarge(client, blob, response, chunk, chunked) {
    const sent = (0,log/* formatBytes */.z3)(chunk.to - chunk.from);
    const text = response.body.toString('utf8').trim();
    // JSON errors are in describeResponse already; an HTML error page (nginx's) says no more than its status.
    const detail = /^[{<]/.test(text) ? '' : text.slice(0, 200);
    return new errors/* BuildError */.zS('push-failed', `${client.ref.registry} refused the upload of ${blob.digest} (${(0,log/* formatBytes */.z3)(blob.size)}) as too large: a request of ${sent} got ${describeResponse(response)} ${detail}`.trim(), {
        hint: chunked
            ? `The registry or a proxy in front of it takes less than ${sent} in one request: give a smaller --chunk-size (action: registry-chunk-size); GHCR takes at most 4MiB, nginx by default 1MiB.`
            : 'The registry or a proxy in front of it limits the size of one request: send the blob in chunks below that limit with --chunk-size (action: registry-chunk-size), e.g. 50MiB (GHCR takes at most 4MiB).',
    });
}
async function existsAfterAll(client, blob) {
    try {
        return await client.blobExists(blob.digest);
    }
    catch {
        return false;
    }
}
/** DELETE on an upload's URL: the registry may free what it kept. Best effort: any failure is only logged. */
async function cancelUpload(client, location) {
    try {
        const response = await client.request({ method: 'DELETE', url: client.url(location) }, { retry: false });
        if (response.status >= 300 && response.status !== 404)
            client.logger.debug(`Cancelling an upload: the registry answered HTTP ${response.status}`);
    }
    catch (error) {
        client.logger.debug(`Cancelling an upload failed: ${error.message}`);
    }
}
async function startUpload(client) {
    const response = await client.request({
        method: 'POST',
        url: client.repoUrl('blobs/uploads/'),
        body: Buffer.alloc(0),
    });
    const location = header(response, 'location');
    if (response.status !== 202 || !location)
        throw client.unexpected('Starting a blob upload', response);
    return location;
}
/** What the registry kept of an upload: GET on its URL, `Range: 0-N` → offset N+1; undefined when it is gone. */
async function resumePoint(client, location) {
    const response = await client.request({ method: 'GET', url: client.url(location) });
    if (response.status !== 204 && response.status !== 200)
        return undefined;
    // distribution says 0-0 for an empty upload too: take it as empty (a byte sent twice is refused, not kept).
    const held = heldBytes(header(response, 'range')) ?? 0;
    return { location: header(response, 'location') ?? location, offset: held === 1 ? 0 : held };
}

;// CONCATENATED MODULE: ./src/registry/client.ts
/**
 * A distribution-spec client for one repository: requests with authentication (anonymous first, then what
 * the 401's challenge asks) and bounded retries with backoff on 5xx, 429 and broken connections; blob
 * existence (HEAD), chunked resumable blob upload (blob-upload.ts) and manifest upload. https unless insecure.
 */




const RETRIED_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** TLS spoken to a plain-http server: no retry helps, --insecure does. */
const TLS_MISMATCH = /wrong version number|EPROTO|packet length too long|SSL routines/i;
class RegistryClient {
    ref;
    options;
    base;
    authorization;
    attempts;
    retryDelayMs;
    constructor(ref, options) {
        this.ref = ref;
        this.options = options;
        this.base = new URL(`${options.insecure ? 'http' : 'https'}://${ref.registry}`);
        this.attempts = Math.max(1, options.attempts ?? 5);
        this.retryDelayMs = options.retryDelayMs ?? 1000;
    }
    get logger() {
        return this.options.logger;
    }
    get name() {
        return formatReference(this.ref);
    }
    /** `/v2/<repo>/<rest>` as a URL, or an absolute/relative Location the registry gave. */
    url(pathOrLocation) {
        return new URL(pathOrLocation, this.base);
    }
    repoUrl(rest) {
        return this.url(`/v2/${this.ref.repository}/${rest}`);
    }
    /**
     * One request, authenticated, retried on a retryable failure when `retry` (a PATCH is not: what the
     * registry kept of it is asked for instead). Resolves to any HTTP answer but 401; throws push-failed when
     * the registry cannot be reached.
     */
    async request(request, { retry = true } = {}) {
        let authenticated = false;
        for (let attempt = 1;; attempt++) {
            let response;
            try {
                response = await send({
                    ...request,
                    headers: {
                        ...request.headers,
                        // Only to the registry itself: not to an upload or storage URL on another host it points at.
                        ...(this.authorization && request.url.origin === this.base.origin
                            ? { Authorization: this.authorization }
                            : {}),
                    },
                    signal: this.options.signal,
                    idleTimeoutMs: this.options.idleTimeoutMs,
                });
            }
            catch (error) {
                // OpenSSL's messages end in a newline and a source position: one line, without them.
                const message = error.message
                    .replace(/:[^:]*\.c:\d+:?\s*$/, '')
                    .replace(/\s+/g, ' ')
                    .trim();
                if (this.options.signal?.aborted)
                    throw new errors/* BuildError */.zS('cancelled', 'The push was cancelled');
                if (TLS_MISMATCH.test(message) || error.code === 'EPROTO')
                    throw this.tlsError(message, error);
                if (!retry || attempt >= this.attempts)
                    throw this.unreachable(request, message, error);
                await this.backoff(attempt, `${request.method} ${request.url.pathname}: ${message}`);
                continue;
            }
            if (response.status === 401 && !authenticated) {
                const challenge = parseChallenge(header(response, 'www-authenticate') ?? '');
                if (!challenge) {
                    throw new errors/* BuildError */.zS('registry-auth', `${this.ref.registry} refused the request and says no way to authenticate`, {
                        hint: 'Check the registry address; it answered 401 without a WWW-Authenticate challenge.',
                    });
                }
                this.authorization = await answerChallenge(challenge, {
                    registry: this.ref.registry,
                    repository: this.ref.repository,
                    credentials: this.options.credentials,
                    insecure: this.options.insecure,
                    signal: this.options.signal,
                    idleTimeoutMs: this.options.idleTimeoutMs,
                });
                authenticated = true;
                attempt--;
                continue;
            }
            if (response.status === 401 || response.status === 403)
                throw this.denied(response);
            if (retry && RETRIED_STATUS.has(response.status) && attempt < this.attempts) {
                await this.backoff(attempt, `${request.method} ${request.url.pathname}: ${describeResponse(response)}`);
                continue;
            }
            return response;
        }
    }
    /** A response that is not one of `expected`, as a push-failed error. */
    unexpected(what, response) {
        return new errors/* BuildError */.zS('push-failed', `${what} on ${this.name}: the registry answered ${describeResponse(response)}`, {
            hint: response.status >= 500
                ? 'The registry is having trouble; try again later.'
                : 'The registry refused the request; its message says why.',
        });
    }
    async blobExists(digest) {
        const response = await this.request({ method: 'HEAD', url: this.repoUrl(`blobs/${digest}`) });
        if (response.status === 404)
            return false;
        // A redirect points at the blob's storage: it exists.
        if (response.status < 400)
            return true;
        throw this.unexpected(`Checking blob ${digest}`, response);
    }
    /** PUTs a manifest under `reference` (a tag); resolves to the digest the registry reports (or ours). */
    async putManifest(reference, bytes, mediaType) {
        const response = await this.request({
            method: 'PUT',
            url: this.repoUrl(`manifests/${reference}`),
            headers: { 'Content-Type': mediaType },
            body: bytes,
        });
        if (response.status !== 201 && response.status !== 200)
            throw this.unexpected(`Pushing the manifest ${reference}`, response);
        return header(response, 'docker-content-digest');
    }
    async backoff(attempt, why) {
        const delay = Math.min(this.retryDelayMs * 2 ** (attempt - 1), 30_000);
        this.options.logger.warn(`${why}; retrying (${attempt + 1}/${this.attempts})`);
        await new Promise((resolve) => setTimeout(resolve, delay));
    }
    tlsError(message, cause) {
        return new errors/* BuildError */.zS('push-failed', `Could not speak TLS (https) to ${this.ref.registry}: ${message}`, {
            hint: 'If it is a plain-http registry (a local mirror or test registry), add --insecure (action: registry-insecure: true).',
            cause,
        });
    }
    unreachable(request, message, cause) {
        return new errors/* BuildError */.zS('push-failed', `${request.method} ${request.url.pathname} on ${this.ref.registry} failed after ${this.attempts} attempts: ${message}`, {
            hint: `Check that ${this.ref.registry} is reachable from here (address, port, proxy, firewall).`,
            cause,
        });
    }
    denied(response) {
        return new errors/* BuildError */.zS('registry-auth', `${this.ref.registry} denied pushing to ${this.ref.repository}: ${describeResponse(response)}`, {
            hint: this.options.credentials
                ? 'Check that the credentials may push to this repository (GHCR: write:packages, or permissions: packages: write for GITHUB_TOKEN).'
                : 'Give credentials: --username and --password-stdin, BAKE_REGISTRY_USERNAME/BAKE_REGISTRY_PASSWORD, or docker login.',
        });
    }
}

;// CONCATENATED MODULE: ./src/registry/formats.ts
/**
 * What is pushed, as JSON: the OCI artifact (an image manifest v1.1 with artifactType, the empty config and one
 * layer that is the qcow2 itself) and the KubeVirt containerDisk (a plain linux/amd64 image whose one layer is
 * an uncompressed tar holding disk/<name>.qcow2), and the annotations both carry. Pure: the digests come in.
 */

const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
/** The artifact's type: a bootable Windows disk image baked by this tool. */
const ARTIFACT_TYPE = 'application/vnd.bake-windows-image.qcow2.v1';
/** The artifact's layer: the qcow2 file, byte for byte (zstd compression inside, if any, is qcow2's own). */
const QCOW2_LAYER_MEDIA_TYPE = 'application/vnd.bake-windows-image.qcow2.layer.v1';
const EMPTY_CONFIG_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
const EMPTY_CONFIG = Buffer.from('{}');
const IMAGE_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
const TAR_LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar';
/** Annotation keys of our own. */
const ANNOTATION_PREFIX = 'io.github.bake-windows-image.';
/** At most this many KB numbers in the updates annotation; the count says how many there were. */
const MAX_LISTED_UPDATES = 30;
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** The manifest annotations: our keys for what is Windows-specific, the OCI ones where they fit. */
function imageAnnotations(meta) {
    const ours = [
        ['edition', meta.edition],
        ['os', meta.os],
        ['build', meta.build],
        ['firmware', meta.firmware],
        ['sha256', meta.sha256],
        ['updates.count', meta.updates && String(meta.updates.length)],
        [
            'updates',
            meta.updates &&
                meta.updates.slice(0, MAX_LISTED_UPDATES).join(',') +
                    (meta.updates.length > MAX_LISTED_UPDATES ? ',…' : ''),
        ],
    ];
    const annotations = {};
    for (const [key, value] of ours)
        if (value !== undefined)
            annotations[ANNOTATION_PREFIX + key] = value;
    if (meta.created)
        annotations['org.opencontainers.image.created'] = meta.created;
    if (meta.build)
        annotations['org.opencontainers.image.version'] = meta.build;
    if (meta.source)
        annotations['org.opencontainers.image.source'] = meta.source;
    if (meta.edition)
        annotations['org.opencontainers.image.title'] = meta.edition;
    if (meta.toolVersion)
        annotations[ANNOTATION_PREFIX + 'tool-version'] = meta.toolVersion;
    return annotations;
}
/** JSON bytes as pushed: the digest is of exactly these bytes. */
function formats_canonicalJson(value) {
    return Buffer.from(JSON.stringify(value));
}
/** The OCI artifact: empty config, the qcow2 as the one layer (titled with its file name). */
function artifactManifest(qcow2, annotations) {
    return formats_canonicalJson({
        schemaVersion: 2,
        mediaType: MANIFEST_MEDIA_TYPE,
        artifactType: ARTIFACT_TYPE,
        config: {
            mediaType: EMPTY_CONFIG_MEDIA_TYPE,
            digest: sha256Digest(EMPTY_CONFIG),
            size: EMPTY_CONFIG.length,
        },
        layers: [
            {
                mediaType: QCOW2_LAYER_MEDIA_TYPE,
                digest: qcow2.digest,
                size: qcow2.size,
                annotations: { 'org.opencontainers.image.title': qcow2.fileName },
            },
        ],
        annotations,
    });
}
/** The containerDisk's image config: linux/amd64, one uncompressed layer (its diff_id is its digest). */
function containerDiskConfig(layerDigest, created) {
    return formats_canonicalJson({
        ...(created ? { created } : {}),
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [layerDigest] },
    });
}
function containerDiskManifest(config, layer, annotations) {
    return formats_canonicalJson({
        schemaVersion: 2,
        mediaType: MANIFEST_MEDIA_TYPE,
        config: { mediaType: IMAGE_CONFIG_MEDIA_TYPE, ...config },
        layers: [{ mediaType: TAR_LAYER_MEDIA_TYPE, ...layer }],
        annotations,
    });
}

;// CONCATENATED MODULE: ./src/registry/tar.ts
/**
 * The one-file tar a KubeVirt containerDisk layer is: a ustar header for `disk/<name>.qcow2` (push.ts falls back
 * to `disk/disk.qcow2` when that is over 100 bytes) with uid/gid 107 (the qemu user KubeVirt runs as) and mode 0440, the file, zero padding to 512 bytes, and the two zero blocks that end
 * an archive. Written by hand so the qcow2 streams from disk into the upload. A size that does not fit ustar's
 * 11 octal digits (8 GiB and more) goes in GNU's base-256 form, which GNU tar, Go's archive/tar (containerd,
 * CRI-O) and bsdtar read. Pure.
 */

const BLOCK = 512;
/** ustar's name field (the prefix field is not used). */
const TAR_NAME_BYTES = 100;
/** The largest size ustar's 11 octal digits hold: 8 GiB - 1. */
const MAX_OCTAL_SIZE = 8 ** 11 - 1;
function writeOctal(header, offset, length, value) {
    header.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}
/** The size field: octal when it fits, else base-256 (first byte 0x80, then the value big-endian). */
function writeSize(header, value) {
    if (value <= MAX_OCTAL_SIZE)
        return writeOctal(header, 124, 12, value);
    header[124] = 0x80;
    let rest = BigInt(value);
    for (let i = 135; i > 124; i--) {
        header[i] = Number(rest & 0xffn);
        rest >>= 8n;
    }
}
/** The 512-byte ustar header of a regular file. */
function tarHeader(entry) {
    const header = Buffer.alloc(BLOCK);
    // planPush chooses a name that fits; this is the last guard.
    if (Buffer.byteLength(entry.name) > TAR_NAME_BYTES)
        throw new errors/* BuildError */.zS('internal', `tar entry name longer than ${TAR_NAME_BYTES} bytes: ${entry.name}`);
    header.write(entry.name, 0, 100, 'utf8');
    writeOctal(header, 100, 8, entry.mode);
    writeOctal(header, 108, 8, entry.uid);
    writeOctal(header, 116, 8, entry.gid);
    writeSize(header, entry.size);
    writeOctal(header, 136, 12, entry.mtime);
    header.write('        ', 148, 8, 'ascii'); // the checksum counts itself as spaces
    header.write('0', 156, 1, 'ascii'); // regular file
    header.write('ustar\0' + '00', 257, 8, 'ascii');
    header.write('qemu', 265, 32, 'ascii');
    header.write('qemu', 297, 32, 'ascii');
    let sum = 0;
    for (const byte of header)
        sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
    return header;
}
/** The zero bytes after the file's data up to the block boundary, and the two end blocks. */
function tarTrailer(size) {
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    return Buffer.alloc(padding + 2 * BLOCK);
}

;// CONCATENATED MODULE: ./src/registry/push.ts
/**
 * `pushImage`: a baked qcow2 to an OCI registry, as an artifact, a KubeVirt containerDisk, or both, under each
 * tag; resolves to the manifest digests and references. Blobs the registry has are not sent again.
 */












const REGISTRY_FORMATS = ['artifact', 'containerdisk', 'both'];
/** With format both, the containerDisk's tags are the artifact's with this suffix. */
const CONTAINERDISK_TAG_SUFFIX = '-containerdisk';
/** The options checked before anything is read or sent: usage errors (exit 2) for a bad ref, tag or image. */
function planPush(options) {
    const ref = parseReference(options.ref);
    const format = options.format ?? 'artifact';
    if (!REGISTRY_FORMATS.includes(format)) {
        throw new errors/* BuildError */.zS('invalid-option', `Unknown registry format "${String(format)}"`, {
            hint: `Give one of ${REGISTRY_FORMATS.join(', ')}.`,
        });
    }
    const chunkSizeBytes = options.chunkSizeBytes === undefined
        ? undefined
        : checkChunkSize(options.chunkSizeBytes, 'chunkSizeBytes');
    let size;
    // When the image was made (its last write): the same image pushed twice gets the same manifests.
    let madeAt;
    try {
        const stat = (0,external_node_fs_.statSync)(options.image);
        if (!stat.isFile())
            throw new Error('not a file');
        size = stat.size;
        madeAt = stat.mtime;
    }
    catch (error) {
        throw new errors/* BuildError */.zS('usage', `The image to push, ${options.image}, is not a readable file (${error.message})`, {
            hint: 'Give the path of the baked qcow2 (build-image prints it, the action has it as image-path).',
        });
    }
    const given = [...(ref.tag ? [ref.tag] : []), ...(options.tags ?? [])];
    const tags = chooseTags(given, {
        edition: options.metadata?.edition,
        date: options.now ?? madeAt,
        moving: options.movingTag ? checkTag(options.movingTag) : 'latest',
    });
    const diskTags = format === 'containerdisk'
        ? tags
        : format === 'both'
            ? tags.map((tag) => checkTag(tag + CONTAINERDISK_TAG_SUFFIX))
            : [];
    return {
        ref,
        format,
        size,
        madeAt,
        chunkSizeBytes,
        artifactTags: format === 'containerdisk' ? [] : tags,
        diskTags,
        diskEntry: containerDiskEntryName(external_node_path_default().basename(options.image)),
    };
}
/**
 * The containerDisk's tar entry: `disk/<file name>` when it fits ustar's 100-byte name field, else
 * `disk/disk.qcow2` (KubeVirt boots the one file in /disk whatever its name). Pure.
 */
function containerDiskEntryName(fileName) {
    const name = `disk/${fileName}`;
    return Buffer.byteLength(name) <= TAR_NAME_BYTES ? name : 'disk/disk.qcow2';
}
async function pushImage(options) {
    const plan = planPush(options);
    const logger = options.logger ?? log/* silentLogger */.qq;
    const credentials = options.credentials ?? credentialsFromDockerConfig(plan.ref.registry);
    const client = new RegistryClient(plan.ref, {
        insecure: options.insecure,
        credentials,
        logger,
        signal: options.signal,
        retryDelayMs: options.retryDelayMs,
        idleTimeoutMs: options.idleTimeoutMs,
    });
    const fileName = external_node_path_default().basename(options.image);
    const qcow2 = { file: options.image, size: plan.size };
    logger.info(`Hashing ${options.image} (${(0,log/* formatBytes */.z3)(plan.size)})`);
    if (plan.chunkSizeBytes !== undefined)
        logger.info(`Uploading in chunks of at most ${(0,log/* formatBytes */.z3)(plan.chunkSizeBytes)} (one request each)`);
    const digest = await digestOf([qcow2]);
    const sha256 = digest.slice('sha256:'.length);
    if (options.metadata?.sha256 && options.metadata.sha256 !== sha256) {
        throw new errors/* BuildError */.zS('checksum-mismatch', `The metadata is of another image: its sha256 is ${options.metadata.sha256}, ${options.image} has ${sha256}`, {
            hint: 'Give the --metadata JSON that build-image printed for this very image.',
        });
    }
    const created = options.metadata?.created ?? plan.madeAt.toISOString();
    const annotations = imageAnnotations({ ...options.metadata, sha256, created });
    const blobs = { uploaded: 0, existing: 0 };
    const send = async (blob, what) => {
        const outcome = await pushBlob(client, blob, { chunkSizeBytes: plan.chunkSizeBytes });
        blobs[outcome.status === 'exists' ? 'existing' : 'uploaded']++;
        logger.info(`${what} ${blob.digest} (${(0,log/* formatBytes */.z3)(blob.size)}): ${outcome.status === 'exists' ? 'already there' : 'uploaded'}`);
    };
    const manifests = [];
    const tagAll = async (format, manifest, tags) => {
        const manifestDigest = sha256Digest(manifest);
        for (const tag of tags) {
            const reported = await client.putManifest(tag, manifest, MANIFEST_MEDIA_TYPE);
            if (reported && reported !== manifestDigest) {
                throw new errors/* BuildError */.zS('push-failed', `${client.name}:${tag} stored the manifest as ${reported}, not ${manifestDigest}`, {
                    hint: 'The registry changed the manifest; it may not support OCI manifests with annotations or artifactType.',
                });
            }
            logger.info(`${format}: ${formatReference(plan.ref, tag)} → ${manifestDigest}`);
        }
        manifests.push({
            format,
            digest: manifestDigest,
            tags: [...tags],
            reference: formatReference(plan.ref, manifestDigest),
        });
    };
    try {
        if (plan.artifactTags.length > 0) {
            await send(bytesBlob(EMPTY_CONFIG, EMPTY_CONFIG_MEDIA_TYPE), 'config');
            await send(blobSource([qcow2], digest, QCOW2_LAYER_MEDIA_TYPE), 'qcow2');
            await tagAll('artifact', artifactManifest({ digest, size: plan.size, fileName }, annotations), plan.artifactTags);
        }
        if (plan.diskTags.length > 0) {
            // mtime 0: the same qcow2 makes the same layer, which the registry then already has.
            const header = tarHeader({
                name: plan.diskEntry,
                size: plan.size,
                mode: 0o440,
                uid: 107,
                gid: 107,
                mtime: 0,
            });
            const parts = [{ bytes: header }, qcow2, { bytes: tarTrailer(plan.size) }];
            const layer = blobSource(parts, await digestOf(parts), TAR_LAYER_MEDIA_TYPE);
            const config = bytesBlob(containerDiskConfig(layer.digest, created), IMAGE_CONFIG_MEDIA_TYPE);
            await send(config, 'config');
            await send(layer, 'containerDisk layer');
            await tagAll('containerdisk', containerDiskManifest(config, layer, annotations), plan.diskTags);
        }
    }
    catch (error) {
        if (error instanceof errors/* BuildError */.zS && error.exitCode === 1 && !error.message.includes(options.image)) {
            throw new errors/* BuildError */.zS(error.code, error.message, {
                hint: `${error.hint ?? ''} The image stays at ${options.image}; push it again with bake-windows-image push-image --image ${options.image} --ref ${options.ref}.`.trim(),
                cause: error,
            });
        }
        throw error;
    }
    const first = manifests[0];
    if (!first)
        throw new errors/* BuildError */.zS('internal', 'Nothing was pushed');
    return { digest: first.digest, reference: first.reference, manifests, sha256, blobs };
}

;// CONCATENATED MODULE: ./src/action/registry.ts
/**
 * The action's `publish` input and the `registry-*` inputs: where the built image goes besides (or instead of)
 * the workflow artifact. Read and checked before the build (a bad reference fails in seconds, exit 2); the
 * push runs after the build succeeded, and a failed push fails the job with the image still at image-path.
 */







const PUBLISH_TARGETS = ['artifact', 'oci', 'none'];
const REGISTRY_INPUTS = [
    'publish',
    'registry-ref',
    'registry-format',
    'registry-tags',
    'registry-moving-tag',
    'registry-username',
    'registry-password',
    'registry-insecure',
    'registry-chunk-size',
    'github-token',
];
/** Where the job's own token may go: GitHub's container registry (and a GHES instance's `containers.HOST`). */
function githubRegistries(env) {
    const hosts = ['ghcr.io'];
    try {
        const server = new URL(env.GITHUB_SERVER_URL ?? 'https://github.com').hostname.toLowerCase();
        if (server !== 'github.com')
            hosts.push(`containers.${server}`);
    }
    catch {
        // Not a URL: ghcr.io only.
    }
    return hosts;
}
function list(text) {
    return text
        .split(/[\s,]+/)
        .map((item) => item.trim())
        .filter(Boolean);
}
/** Inputs (by name, as core.getInput gives them) → what to publish where. Pure; throws usage errors. */
function publishSettings(input, env) {
    const given = list(input('publish').toLowerCase());
    const wrong = given.find((target) => !PUBLISH_TARGETS.includes(target));
    if (wrong) {
        throw new errors/* BuildError */.zS('invalid-option', `Input publish: "${wrong}" is not a target`, {
            hint: 'Give artifact, oci, both (artifact, oci), or none.',
        });
    }
    if (given.includes('none') && given.length > 1) {
        throw new errors/* BuildError */.zS('invalid-option', 'Input publish: none goes alone', {
            hint: 'Give none, or the targets.',
        });
    }
    const targets = (given.length === 0 ? ['artifact'] : given.filter((t) => t !== 'none'));
    if (!targets.includes('oci'))
        return { targets };
    let ref = input('registry-ref').trim();
    if (!ref) {
        if (!env.GITHUB_REPOSITORY) {
            throw new errors/* BuildError */.zS('invalid-option', 'Input registry-ref is empty and GITHUB_REPOSITORY is not set', {
                hint: 'Set registry-ref, e.g. ghcr.io/OWNER/windows.',
            });
        }
        ref = `ghcr.io/${env.GITHUB_REPOSITORY.toLowerCase()}`;
    }
    // Names built from GitHub contexts (github.repository_owner) keep the owner's capitals, which no registry
    // takes in a repository name: lower-cased here as GitHub's own docs do by hand; the tag keeps its case.
    ref = lowerCaseRepository(ref);
    parseReference(ref);
    const format = (input('registry-format').trim() || 'artifact');
    if (!REGISTRY_FORMATS.includes(format)) {
        throw new errors/* BuildError */.zS('invalid-option', `Input registry-format: "${format}" is not a format`, {
            hint: `Give ${REGISTRY_FORMATS.join(', ')}.`,
        });
    }
    const insecureText = input('registry-insecure').trim().toLowerCase();
    if (!['', 'true', 'false'].includes(insecureText)) {
        throw new errors/* BuildError */.zS('invalid-option', `Input registry-insecure: "${insecureText}" is not true or false`, {
            hint: 'Set registry-insecure: true only for a plain-http registry.',
        });
    }
    const chunkSizeText = input('registry-chunk-size').trim();
    const chunkSizeBytes = chunkSizeText
        ? parseChunkSize(chunkSizeText, 'Input registry-chunk-size')
        : undefined;
    const movingTag = input('registry-moving-tag').trim();
    const username = input('registry-username').trim() || undefined;
    const password = input('registry-password') || undefined;
    if (Boolean(username) !== Boolean(password)) {
        throw new errors/* BuildError */.zS('invalid-option', `Input ${username ? 'registry-password' : 'registry-username'} is empty but ${username ? 'registry-username' : 'registry-password'} is set`, {
            hint: 'Give both registry-username and registry-password, or neither (GHCR: the job token is used then).',
        });
    }
    const githubToken = input('github-token') || undefined;
    return {
        targets,
        registry: {
            ref,
            format,
            tags: list(input('registry-tags')).map(checkTag),
            ...(movingTag ? { movingTag: checkTag(movingTag) } : {}),
            insecure: insecureText === 'true',
            ...(chunkSizeBytes === undefined ? {} : { chunkSizeBytes }),
            ...(username && password ? { username, password } : {}),
            ...(githubToken ? { githubToken } : {}),
        },
    };
}
/** REGISTRY/REPOSITORY[:TAG] with the registry and repository lower-cased, the tag as given. Pure. */
function lowerCaseRepository(ref) {
    const lastSlash = ref.lastIndexOf('/');
    const colon = ref.indexOf(':', lastSlash + 1);
    return colon < 0 ? ref.toLowerCase() : ref.slice(0, colon).toLowerCase() + ref.slice(colon);
}
/**
 * Who the push is: registry-username/password for any registry; else, on GitHub's container registry only,
 * GITHUB_ACTOR with the job's token; else nothing (docker config or anonymous), and a note saying the job's
 * token was kept back. The token never goes to a registry the workflow did not mean it for. Pure.
 */
function pushCredentials(registry, env) {
    if (registry.username && registry.password)
        return { credentials: { username: registry.username, password: registry.password } };
    if (!registry.githubToken)
        return {};
    const host = parseReference(registry.ref).registry.toLowerCase();
    if (githubRegistries(env).includes(host))
        return {
            credentials: { username: env.GITHUB_ACTOR || 'github-actions', password: registry.githubToken },
        };
    return {
        note: `Not sending the job's GITHUB_TOKEN to ${host} (it goes to ghcr.io only); using docker login's credentials for it, or none. Set registry-username and registry-password for this registry.`,
    };
}
/** The push's options for a built image: the annotations from the build's result and options. Pure. */
function pushOptionsFor(result, options, registry, env) {
    const metadata = {
        sha256: result.image.sha256,
        edition: options.edition,
        os: result.os,
        firmware: options.firmware,
        ...(result.windowsBuild ? { build: String(result.windowsBuild) } : {}),
        ...(result.updates ? { updates: result.updates.map((update) => update.kb) } : {}),
        toolVersion: version/* VERSION */.x,
        ...(env.GITHUB_REPOSITORY
            ? { source: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}` }
            : {}),
    };
    return {
        image: result.image.path,
        ref: registry.ref,
        tags: registry.tags,
        movingTag: registry.movingTag,
        format: registry.format,
        insecure: registry.insecure,
        chunkSizeBytes: registry.chunkSizeBytes,
        ...pushCredentials(registry, env),
        metadata,
        logger: actionLogger,
    };
}
/** Pushes the image and sets registry-digest and registry-ref. */
async function publishToRegistry(result, options, registry) {
    const pushed = await core/* group */.Os(`Pushing the image to ${registry.ref}`, () => {
        const { note, ...pushOptions } = pushOptionsFor(result, options, registry, process.env);
        if (note)
            core/* info */.pq(note);
        return pushImage(pushOptions);
    });
    core/* setOutput */.uH('registry-digest', pushed.digest);
    core/* setOutput */.uH('registry-ref', pushed.reference);
    return pushed;
}

;// CONCATENATED MODULE: ./src/action/inputs.ts
/**
 * Every action input read once, validated by the same code as the CLI's flags, into one typed settings object.
 * Which input sets which build option is OPTION_TABLE's to say; the action's own inputs (ACTION_ONLY_INPUTS) say
 * where the media come from, whether to install host packages and what to upload.
 */













const STABLE_VIRTIO_WIN_URL = 'https://fedorapeople.org/groups/virt/virtio-win/direct-downloads/stable-virtio/virtio-win.iso';
/**
 * The Win32-OpenSSH MSI the action downloads when no openssh-msi is given: a pinned release and its SHA-256,
 * so the guest installs sshd offline (notes/windows-setup.md, "OpenSSH"). Bump both together.
 */
const DEFAULT_OPENSSH_MSI = {
    url: 'https://github.com/PowerShell/Win32-OpenSSH/releases/download/v9.8.3.0p2-Preview/OpenSSH-Win64-v9.8.3.0.msi',
    sha256: 'c8a8c7e21136a099665c2fad9accb41152d129466b719ea71678bab665e03389',
};
/** The inputs that are not build options (action.yml has these and the table's inputs, nothing else). */
const ACTION_ONLY_INPUTS = [
    'iso-url',
    'iso-sha256',
    'virtio-win-url',
    'virtio-win-sha256',
    'openssh-msi-url',
    'openssh-msi-sha256',
    'install-deps',
    'enable-kvm',
    'artifact-name',
    'job-index',
    'retention-days',
    'media-cache',
    'media-cache-max-size',
    ...REGISTRY_INPUTS,
];
/**
 * Every build option's input by its name; empty ones are left out and take the option's default. Except the
 * password: read as given (untrimmed), and an empty one is an error, never the default (a missing secret).
 */
/**
 * An input as given, spaces kept; undefined only when the runner did not pass it at all (it always passes
 * inputs that have a default, so an empty value is what the workflow gave, e.g. a secret that is not set).
 */
function untrimmedInput(name) {
    const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    return variable in process.env ? core/* getInput */.V4(name, { trimWhitespace: false }) : undefined;
}
function buildOptionInputs() {
    const values = {};
    for (const spec of OPTION_TABLE) {
        if (!('input' in spec))
            continue;
        values[spec.input] =
            spec.key === 'password' ? untrimmedInput(spec.input) : core/* getInput */.V4(spec.input) || undefined;
    }
    // Empty: the runner's tool cache on a self-hosted runner; false: none.
    values['base-cache'] = (0,baseline/* baseCacheSetting */.Q)(core/* getInput */.V4('base-cache'), process.env);
    return values;
}
function booleanInput(name, fallback) {
    const value = core/* getInput */.V4(name).trim().toLowerCase();
    if (value === '')
        return fallback;
    if (['true', 'yes', '1'].includes(value))
        return true;
    if (['false', 'no', '0'].includes(value))
        return false;
    throw new errors/* BuildError */.zS('invalid-option', `Input ${name}: "${value}" is not true or false`, {
        hint: `Set ${name}: true or ${name}: false.`,
    });
}
/** enable-kvm: auto, true or false (yes/no/1/0 as elsewhere). */
function enableKvmInput() {
    const value = core/* getInput */.V4('enable-kvm').trim().toLowerCase();
    if (value === '' || value === 'auto')
        return 'auto';
    if (['true', 'yes', '1'].includes(value))
        return 'true';
    if (['false', 'no', '0'].includes(value))
        return 'false';
    throw new errors/* BuildError */.zS('invalid-option', `Input enable-kvm: "${value}" is not auto, true or false`, {
        hint: 'Set enable-kvm: auto (open up /dev/kvm through sudo when needed), true, or false (never touch the host).',
    });
}
function remoteOrPath(pathInput, urlInput, shaInput, fallbackUrl) {
    const file = core/* getInput */.V4(pathInput);
    const url = core/* getInput */.V4(urlInput);
    const shaText = core/* getInput */.V4(shaInput);
    // Checked now, naming the input, not after a 6 GB download.
    const sha256 = shaText ? normalizeSha256(shaText, `Input ${shaInput}`) : undefined;
    if (file && url) {
        throw new errors/* BuildError */.zS('invalid-option', `Inputs ${pathInput} and ${urlInput} are both set`, {
            hint: `Give one: ${pathInput} for a file on the runner, or ${urlInput} to download it.`,
        });
    }
    // A pinned checksum holds for a file on the runner too.
    if (file)
        return { file, check: sha256 ? { file, sha256, input: shaInput } : undefined };
    const effective = url || fallbackUrl;
    if (!effective) {
        throw new errors/* BuildError */.zS('usage', `Input ${pathInput} or ${urlInput} is required`, {
            hint: `Give ${pathInput}: a path on the runner, or ${urlInput} with ${shaInput}.`,
        });
    }
    checkPlainHttp(effective, urlInput, shaInput, sha256);
    return { download: { url: effective, sha256 } };
}
/**
 * Plain http only with a pinned checksum (anyone on the path could swap the file), or from this machine
 * itself (a local mirror: no network path to tamper with).
 */
function checkPlainHttp(url, urlInput, shaInput, sha256) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return; // the download says it is not a URL
    }
    if (parsed.protocol !== 'http:' || sha256 !== undefined || isLoopback(parsed.hostname))
        return;
    throw new errors/* BuildError */.zS('invalid-option', `Input ${urlInput}: ${displayUrl(url)} is plain http and no ${shaInput} pins what it serves`, { hint: `Use an https:// URL, or give ${shaInput} so that the download is verified.` });
}
function isLoopback(hostname) {
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
/**
 * openssh-msi (a path) wins; else openssh-msi-url, by default the pinned release (with its pinned SHA-256);
 * `none` ships no MSI, and the guest falls back to Windows Update.
 */
function opensshMsiInput(downloads) {
    const url = core/* getInput */.V4('openssh-msi-url').trim();
    if (url.toLowerCase() === 'none') {
        if (core/* getInput */.V4('openssh-msi')) {
            throw new errors/* BuildError */.zS('invalid-option', 'Inputs openssh-msi and openssh-msi-url: none are both set', {
                hint: 'Give openssh-msi for a file on the runner, or openssh-msi-url: none for no MSI at all.',
            });
        }
        return {};
    }
    const remote = remoteOrPath('openssh-msi', 'openssh-msi-url', 'openssh-msi-sha256', DEFAULT_OPENSSH_MSI.url);
    if (!remote.download)
        return remote;
    const download = { ...remote.download };
    if (download.url === DEFAULT_OPENSSH_MSI.url)
        download.sha256 ??= DEFAULT_OPENSSH_MSI.sha256;
    let name = '';
    try {
        name = external_node_path_default().posix.basename(new URL(download.url).pathname);
    }
    catch {
        throw new errors/* BuildError */.zS('invalid-option', `Input openssh-msi-url: "${displayUrl(download.url)}" is not a URL`, {
            hint: 'Give an https:// URL of an OpenSSH-Win64 MSI, or leave it empty for the pinned release.',
        });
    }
    const file = external_node_path_default().join(downloads, /^OpenSSH-Win64[^/]*\.msi$/i.test(name) ? name : 'OpenSSH-Win64.msi');
    return { file, download };
}
function readSettings() {
    const runnerTemp = process.env.RUNNER_TEMP || '/tmp';
    const downloads = external_node_path_default().join(runnerTemp, 'bake-windows-image', 'downloads');
    const iso = remoteOrPath('iso', 'iso-url', 'iso-sha256');
    if (iso.download && !iso.download.sha256) {
        throw new errors/* BuildError */.zS('usage', 'Input iso-url needs iso-sha256', {
            hint: 'Give the SHA-256 of the Windows ISO (Microsoft publishes it next to the download); it also keys the cache.',
        });
    }
    const virtio = remoteOrPath('virtio-win-iso', 'virtio-win-url', 'virtio-win-sha256', STABLE_VIRTIO_WIN_URL);
    const openssh = opensshMsiInput(downloads);
    const retentionInput = core/* getInput */.V4('retention-days').trim();
    const retentionDays = retentionInput
        ? parseWholeNumber('Input retention-days', retentionInput, 'Give 1 to 90 days.')
        : undefined;
    validateRetentionDays(retentionDays);
    const outputInput = core/* getInput */.V4('output');
    const options = optionsFromStrings({
        ...buildOptionInputs(),
        // The media inputs name a file on the runner or a download; either way the build reads a local file.
        iso: iso.file ?? external_node_path_default().join(downloads, 'windows.iso'),
        'virtio-win-iso': virtio.file ?? external_node_path_default().join(downloads, 'virtio-win.iso'),
        'openssh-msi': openssh.file,
        output: outputInput || external_node_path_default().join(runnerTemp, 'bake-windows-image', 'windows.qcow2'),
    }, 'action');
    const publish = publishSettings((name) => core/* getInput */.V4(name), process.env);
    // publish without artifact: no workflow artifact, whatever artifact-name says.
    const artifactInput = publish.targets.includes('artifact') ? core/* getInput */.V4('artifact-name').trim() : '';
    const autoArtifact = artifactInput === 'auto'
        ? {
            edition: options.edition,
            os: options.os ?? osFromEdition(options.edition),
            firmware: options.firmware,
            jobIndex: jobIndexInput(),
            date: new Date(),
        }
        : undefined;
    const artifactName = autoArtifact ? autoArtifactName(autoArtifact) : artifactInput || undefined;
    if (artifactName)
        validateArtifactName(artifactName);
    if (!outputInput)
        options.output = external_node_path_default().join(runnerTemp, 'bake-windows-image', artifactName ?? 'windows.qcow2');
    return {
        options,
        localChecksums: [iso.check, virtio.check, openssh.check].filter((check) => check !== undefined),
        isoDownload: iso.download,
        virtioWinDownload: virtio.download,
        opensshMsiDownload: openssh.download,
        installDeps: booleanInput('install-deps', true),
        enableKvm: enableKvmInput(),
        publish,
        artifactName,
        autoArtifact,
        retentionDays,
        runnerTemp,
        outputGiven: outputInput !== '',
        mediaCache: mediaCacheSettings(core/* getInput */.V4('media-cache'), core/* getInput */.V4('media-cache-max-size'), process.env),
        ...(process.env.RUNNER_TOOL_CACHE
            ? { historyDir: external_node_path_default().join(process.env.RUNNER_TOOL_CACHE, 'bake-windows-image') }
            : {}),
    };
}

;// CONCATENATED MODULE: ./src/publish/failure-artifact.ts
/**
 * Uploads a failure bundle (bake/failure-bundle.ts) as a second artifact next to the image's name: many small
 * files, so zipped by the artifact client (unlike the image), and kept a short time: it explains one failed
 * run, and holds nothing worth keeping once that is understood.
 */





/** A failure bundle is kept at most this many days (fewer when retention-days says so). */
const FAILURE_RETENTION_DAYS = 7;
/** `<artifact-name>-failure`. Pure. */
function failureArtifactName(artifactName) {
    return `${artifactName}-failure`;
}
/** Days to keep it: the run's retention when shorter, else FAILURE_RETENTION_DAYS. Pure. */
function failureRetentionDays(retentionDays) {
    return Math.min(retentionDays ?? FAILURE_RETENTION_DAYS, FAILURE_RETENTION_DAYS);
}
async function uploadFailureBundle(options) {
    const { dir, logger } = options;
    const name = failureArtifactName(options.artifactName);
    validateArtifactName(name);
    const files = (0,external_node_fs_.readdirSync)(dir, { recursive: true, encoding: 'utf8' })
        .map((entry) => external_node_path_default().join(dir, entry))
        .filter((file) => (0,external_node_fs_.statSync)(file).isFile());
    const retentionDays = failureRetentionDays(options.retentionDays);
    const result = await new artifact/* DefaultArtifactClient */.t9().uploadArtifact(name, files, dir, { retentionDays });
    if (result.id === undefined)
        throw new Error('the artifact service returned no artifact id');
    const uploaded = {
        id: result.id,
        name,
        size: result.size ?? 0,
        digest: result.digest ?? '',
        url: artifactUrl(result.id),
    };
    logger.info(`Uploaded the failure bundle ${dir} (${files.length} files, ${(0,log/* formatBytes */.z3)(uploaded.size)} zipped) as artifact "${name}", kept ${retentionDays} days${uploaded.url ? `: ${uploaded.url}` : ''}`);
    return uploaded;
}

;// CONCATENATED MODULE: ./src/action/failure-bundle.ts
/**
 * The action's side of a failure bundle (bake/failure-bundle.ts): upload it as `<artifact-name>-failure` and
 * read its facts (failure.json) for the annotation and the job summary. A bundle that cannot be uploaded or
 * read is a warning: the build's own error is what the run reports.
 */




/** The bundle's facts, or undefined (with a warning) when failure.json is missing or broken. */
function readFailureFacts(dir) {
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(dir, 'failure.json'), 'utf8'));
    }
    catch (error) {
        core/* warning */.$e(`Could not read the failure bundle's failure.json: ${error.message}`);
        return undefined;
    }
}
/** Uploads the bundle `error` names (when there is an artifact name) and reads its facts. */
async function publishFailureBundle(error, upload, logger) {
    if (!error.bundle)
        return undefined;
    const report = { dir: error.bundle, facts: readFailureFacts(error.bundle) };
    if (upload?.artifactName) {
        try {
            report.artifact = await core/* group */.Os('Uploading the failure bundle', () => uploadFailureBundle({
                dir: error.bundle,
                artifactName: upload.artifactName,
                retentionDays: upload.retentionDays,
                logger,
            }));
        }
        catch (uploadError) {
            core/* warning */.$e(`Could not upload the failure bundle ${error.bundle}: ${uploadError.message}`);
        }
    }
    return report;
}
/** The annotation's last line: where the bundle is. Pure. */
function bundleLine(report) {
    return report.artifact
        ? `The failure bundle is the artifact "${report.artifact.name}"${report.artifact.url ? ` (${report.artifact.url})` : ''}.`
        : `The failure bundle is on the runner at ${report.dir} (not uploaded).`;
}

;// CONCATENATED MODULE: ./src/action/kvm.ts
/**
 * The action's KVM check, before any download: when /dev/kvm is there but closed to the runner user (a
 * GitHub-hosted runner), open it up through sudo (tools/kvm-access.ts), as `enable-kvm` allows; then the
 * build's own accelerator check, whose error stays the one a user sees when KVM is still not usable.
 */





async function ensureKvm(mode, accel, paths = SYSTEM_KVM_PATHS, signal) {
    const { state } = probeKvmDevice(paths.device);
    if (kvmAccessAction(mode, accel, state) === 'enable') {
        await core/* group */.Os(`Opening ${paths.device} to this user (enable-kvm: ${mode})`, async () => {
            core/* info */.pq(`${paths.device} exists but this user (uid ${process.getuid?.()}) may not open it.`);
            await enableKvmAccess(paths, actionLogger, { signal });
        });
    }
    else if (mode === 'true' && state === 'missing') {
        throw new errors/* BuildError */.zS('kvm-unavailable', `enable-kvm is true, but ${paths.device} does not exist`, {
            hint: 'This runner exposes no KVM: use a runner with nested virtualisation (GitHub-hosted ubuntu-latest has it) or a KVM host; accel: tcg runs without, for tests only.',
        });
    }
    else if (state === 'usable') {
        core/* info */.pq(`${paths.device} opens read-write for this user: nothing to enable.`);
    }
    return resolveAccel(accel, paths);
}

;// CONCATENATED MODULE: ./src/action/placement.ts
/**
 * Where the action builds when `output` is not given: on the candidate filesystem with the most free space
 * (a GitHub-hosted runner has a small root disk and, on some machines, a larger one at /mnt), in a private
 * directory there. A candidate this user may not write (/mnt is root-owned on hosted runners) but with more
 * room gets a directory of this user's made through `sudo -n`, as the KVM step opens /dev/kvm; without sudo
 * the build stays on the writable one. And before any download, whether the filesystems hold what this Windows version needs:
 * the media plus preflight's numbers for the build (buildSpaceNeeds).
 */











const placement_GiB = 1024 * 1024 * 1024;
/** What a download is assumed to take before it starts: a Windows ISO is 5–7 GB, virtio-win ~0.7 GB. */
const MEDIA_ESTIMATE_BYTES = { windowsIso: 7 * placement_GiB, virtioWin: 0.75 * placement_GiB };
/**
 * The candidate with the most free space, among the writable ones not backed by memory; on a tie, or on the
 * same filesystem as an earlier one, the earlier. Pure.
 */
function chooseBuildRoot(candidates) {
    return roomiest(candidates, (candidate) => candidate.writable);
}
/**
 * The real disk (measured, not tmpfs) with the most free space among `candidates` that pass `wanted`; a
 * candidate on the same filesystem as an earlier one is skipped, and a tie keeps the earlier. Pure.
 */
function roomiest(candidates, wanted) {
    let best;
    const seen = new Set();
    for (const candidate of candidates) {
        if (candidate.device !== undefined) {
            if (seen.has(candidate.device))
                continue;
            seen.add(candidate.device);
        }
        if (!wanted(candidate) || candidate.memoryBacked || candidate.freeBytes === undefined)
            continue;
        if (!best || candidate.freeBytes > best.freeBytes)
            best = candidate;
    }
    return best;
}
/** The directory made on a candidate this user may not write: <candidate>/bake-windows-image. */
const CLAIMED_DIR_NAME = 'bake-windows-image';
/**
 * A candidate this user may not write, on a real disk, with more free space than the chosen writable one (or
 * any when none is writable): worth a directory made through sudo. The roomiest such; undefined when none.
 * Pure.
 */
function claimableCandidate(candidates, chosen) {
    const best = roomiest(candidates, (candidate) => !candidate.writable);
    if (!best || (chosen && chosen.freeBytes >= best.freeBytes))
        return undefined;
    return best;
}
/** `sudo -n mkdir -p <dir>` and `sudo -n chown uid:gid <dir>`: a directory of this user's. Pure. */
function claimCommands(dir, programs, owner) {
    return [
        { argv: sudoArgv(programs.sudo, programs.mkdir, '-p', dir), why: 'a directory for the build' },
        {
            argv: sudoArgv(programs.sudo, programs.chown, `${owner.uid}:${owner.gid}`, dir),
            why: 'owned by this user',
        },
    ];
}
/**
 * <candidate>/bake-windows-image, this user's: already (an earlier job made it), or made now through
 * `sudo -n`. Undefined, said in the log, when there is no sudo or it refuses: the caller builds elsewhere.
 */
async function claimDirectory(candidate, fallback) {
    const dir = external_node_path_default().join(candidate.dir, CLAIMED_DIR_NAME);
    if (canWriteIn(dir))
        return dir;
    const sudo = (0,exec/* findOnPath */.aY)('sudo');
    const notClaimed = (why) => {
        core/* info */.pq(`${candidate.dir} has the most free space but is not writable, and ${why}: building in ${fallback}.`);
        return undefined;
    };
    if (!sudo || process.getuid === undefined || process.getgid === undefined)
        return notClaimed('there is no sudo');
    const programs = { sudo, mkdir: (0,exec/* findOnPath */.aY)('mkdir') ?? 'mkdir', chown: (0,exec/* findOnPath */.aY)('chown') ?? 'chown' };
    const commands = claimCommands(dir, programs, { uid: process.getuid(), gid: process.getgid() });
    const failed = await runSudoCommands(commands, (line) => core/* info */.pq(line));
    if (failed) {
        const said = failed.output.trim().split('\n')[0] || `exited with ${failed.code}`;
        return notClaimed(`${failed.refused ? 'sudo -n refused' : 'sudo failed'} (${said})`);
    }
    return canWriteIn(dir) ? dir : notClaimed(`${dir} is still not writable after sudo`);
}
/** runner.temp, /mnt (a hosted runner's temporary disk) and any extra directories, as this host has them. */
function measureCandidates(runnerTemp, extra = ['/mnt']) {
    const dirs = [
        { dir: runnerTemp, why: 'runner.temp' },
        ...extra.map((dir) => ({ dir, why: dir === '/mnt' ? "a hosted runner's temporary disk" : 'candidate' })),
    ];
    return dirs.map(({ dir, why }) => {
        const space = (0,external_node_fs_.existsSync)(dir) ? filesystemSpace(dir) : undefined;
        const device = space ? (0,external_node_fs_.statSync)(dir).dev : undefined;
        return {
            dir,
            why,
            writable: canWriteIn(dir),
            device,
            freeBytes: space?.freeBytes,
            memoryBacked: space?.memoryBacked,
        };
    });
}
function describe(candidate) {
    const free = candidate.freeBytes;
    const state = free === undefined
        ? candidate.writable
            ? 'cannot be measured'
            : 'not writable'
        : `${(0,log/* formatBytes */.z3)(free)} free` +
            (candidate.memoryBacked ? ', in memory (tmpfs): skipped' : '') +
            (candidate.writable ? '' : ', not writable by this user');
    return `${candidate.dir} (${candidate.why}): ${state}`;
}
/**
 * A private directory on the roomiest candidate, for the work dir and the output; logged with every
 * candidate's free space. Falls back to runner.temp when none can be measured.
 */
async function placeBuild(runnerTemp, extra) {
    const candidates = measureCandidates(runnerTemp, extra);
    for (const candidate of candidates)
        core/* info */.pq(describe(candidate));
    const chosen = chooseBuildRoot(candidates);
    let root = (chosen ?? candidates[0]).dir;
    const claimable = claimableCandidate(candidates, chosen);
    if (claimable)
        root = (await claimDirectory(claimable, root)) ?? root;
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(root, `bake-windows-image-${process.env.GITHUB_RUN_ID ?? 'local'}-`));
    core/* info */.pq(`Building in ${dir}: the most free space of the candidates (output is not set).`);
    return dir;
}
/**
 * What the build needs where, media included, by filesystem: the Windows version is the edition's, or the
 * roomiest one when the edition does not say. Reads only what exists (the nearest existing directories).
 */
function spaceNeeds(options, downloads) {
    const os = options.os ??
        osFromEdition(options.edition) ??
        Object.values(WINDOWS_TARGETS).reduce((a, b) => (b.typicalInstallMiB > a.typicalInstallMiB ? b : a))
            .os;
    const outputDir = external_node_path_default().dirname(external_node_path_default().resolve(options.output));
    const byDevice = new Map();
    for (const [device, need] of buildSpaceNeeds(options, os, options.workDir ?? outputDir, outputDir)) {
        byDevice.set(device, { ...need, what: [`the build (${WINDOWS_TARGETS[os].displayName})`] });
    }
    for (const download of downloads) {
        if ((0,external_node_fs_.existsSync)(download.target))
            continue;
        let dir = external_node_path_default().dirname(download.target);
        while (!(0,external_node_fs_.existsSync)(dir))
            dir = external_node_path_default().dirname(dir);
        const device = String((0,external_node_fs_.statSync)(dir).dev);
        const need = byDevice.get(device) ?? { dir, bytes: 0, what: [] };
        need.bytes += download.bytes;
        need.what.push(download.what);
        byDevice.set(device, need);
    }
    return [...byDevice.values()];
}
/** Fails (exit code 1) when a filesystem has less free space than the build needs there, with the numbers. */
function checkSpaceBeforeDownload(needs) {
    for (const need of needs) {
        const free = filesystemSpace(need.dir)?.freeBytes;
        if (free === undefined)
            continue;
        const line = `${need.dir}: ${(0,log/* formatBytes */.z3)(need.bytes)} needed (${need.what.join(' + ')}), ${(0,log/* formatBytes */.z3)(free)} free`;
        if (free < need.bytes) {
            throw new errors/* BuildError */.zS('no-space', `Not enough free space for this build: ${line}`, {
                hint: 'Free some space on that disk, give output: a path on a bigger disk (the work dir goes next to it), or a smaller disk-size.',
            });
        }
        core/* info */.pq(`Free space: ${line}`);
    }
}
/** The media this job will download, where to, and their estimated size (a download's size is known only once it starts). */
function pendingDownloads(media, options) {
    return [
        ...(media.isoDownload
            ? [{ target: options.iso, bytes: MEDIA_ESTIMATE_BYTES.windowsIso, what: 'the Windows ISO (estimated)' }]
            : []),
        ...(media.virtioWinDownload
            ? [
                {
                    target: options.virtioWinIso,
                    bytes: MEDIA_ESTIMATE_BYTES.virtioWin,
                    what: 'virtio-win (estimated)',
                },
            ]
            : []),
    ];
}

// EXTERNAL MODULE: ./node_modules/@actions/cache/lib/cache.js + 91 modules
var cache = __webpack_require__(18091);
;// CONCATENATED MODULE: ./src/deps/actions-cache.ts
/**
 * The Actions cache calls, each with a bound on the wait: a stalled cache service otherwise holds a job for a
 * quarter of an hour per call, and does not hear a cancel. A lookup that runs out of time is a miss, a save
 * that does is skipped, both with a warning; a cancel (the signal) stops the wait at once. The client's own
 * requests cannot be cancelled: an abandoned call finishes, or fails, in the background.
 */



const DEFAULT_CACHE_BUDGET = {
    lookupMs: 2 * 60_000,
    transferMs: 30 * 60_000,
    saveMs: 2 * 60_000,
};
/** Resolves to the promise's value, or to `timedOut` when `ms` passed first; rejects on cancel. */
async function withinBudget(promise, ms, timedOut, signal, what) {
    const cancelled = () => new errors/* BuildError */.zS('cancelled', `Waiting for the Actions cache (${what}) was cancelled`, {
        hint: 'Nothing was saved or restored; run the job again when ready.',
    });
    if (signal?.aborted)
        throw cancelled();
    let timer;
    let onAbort;
    try {
        return await Promise.race([
            promise,
            new Promise((resolve, reject) => {
                timer = setTimeout(() => resolve(timedOut), ms);
                onAbort = () => reject(cancelled());
                signal?.addEventListener('abort', onAbort, { once: true });
            }),
        ]);
    }
    finally {
        clearTimeout(timer);
        if (onAbort)
            signal?.removeEventListener('abort', onAbort);
    }
}
const TIMED_OUT = Symbol('timed out');
/** Looks `key` up, then restores it into `paths`: true on a hit that was restored. */
async function restoreEntry(paths, key, logger, signal, budget = {}) {
    const { lookupMs, transferMs } = { ...DEFAULT_CACHE_BUDGET, ...budget };
    const started = Date.now();
    // A lookup first: it alone can be bounded tightly, a multi-GB transfer cannot.
    const found = await withinBudget(call(() => cache/* restoreCache */.P3(paths, key, undefined, { lookupOnly: true }), logger, key), lookupMs, TIMED_OUT, signal, `looking up ${key}`);
    if (found === TIMED_OUT) {
        logger.warn(`The Actions cache did not answer the lookup of ${key} within ${(0,log/* formatDuration */.a3)(lookupMs)}: ` +
            'taken as a miss, downloading.');
        return false;
    }
    if (found === undefined) {
        logger.debug(`Cache lookup for ${key}: miss (${(0,log/* formatDuration */.a3)(Date.now() - started)})`);
        return false;
    }
    const restored = await withinBudget(call(() => cache/* restoreCache */.P3(paths, key), logger, key), transferMs, TIMED_OUT, signal, `restoring ${key}`);
    if (restored === TIMED_OUT) {
        logger.warn(`Restoring ${key} from the Actions cache took more than ${(0,log/* formatDuration */.a3)(transferMs)}: ` +
            'taken as a miss, downloading.');
        return false;
    }
    logger.debug(`Cache restore of ${key}: ${restored ? 'hit' : 'miss'} (${(0,log/* formatDuration */.a3)(Date.now() - started)})`);
    return restored !== undefined;
}
/** restoreCache reports service failures as a warning and a miss; it throws only on invalid input. */
async function call(restore, logger, key) {
    try {
        return await restore();
    }
    catch (error) {
        logger.warn(`Could not look up ${key} in the Actions cache: ${String(error)}`);
        return undefined;
    }
}
/** Starts saving `paths` under `key` now; never rejects (a failed save is a warning). */
function startSave(paths, key, fileName, logger) {
    const started = Date.now();
    const done = (async () => {
        try {
            // saveCache does not throw when the upload fails: it logs a warning and returns -1.
            const id = await cache/* saveCache */.Io(paths, key);
            if (id === -1) {
                logger.warn(`Could not save ${fileName} to the Actions cache (key ${key}); the next run downloads it again ` +
                    `unless another job saved it first. The cache client's message above says why.`);
            }
            else {
                logger.info(`Saved ${fileName} to the Actions cache (key ${key}) in ${(0,log/* formatDuration */.a3)(Date.now() - started)}`);
            }
        }
        catch (error) {
            logger.warn(`Could not save ${fileName} to the Actions cache (key ${key}): ${String(error)}`);
        }
    })();
    return {
        async wait(signal, ms = DEFAULT_CACHE_BUDGET.saveMs) {
            const result = await withinBudget(done, ms, TIMED_OUT, signal, `saving ${key}`);
            if (result === TIMED_OUT) {
                logger.warn(`Saving ${fileName} to the Actions cache (key ${key}) did not finish within ${(0,log/* formatDuration */.a3)(ms)} ` +
                    'more: skipped, the next run downloads it again.');
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/deps/cached-download.ts
/**
 * A download kept in the GitHub Actions cache: a verified copy already on disk is used as is; otherwise the
 * cache is tried, and what it restores is verified again (a corrupt entry is deleted locally and downloaded
 * afresh); otherwise the file is downloaded and verified. Saving it for the next run is the caller's call
 * (`save`), once whatever uses the file has accepted it: a file the build refuses is never cached.
 *
 * The cache entry holds the file and a sidecar `<file>.sha256`: sha256sum's format, plus a comment line with the
 * URL it came from (urlIdentity), so an entry or a file keyed by URL (no pinned sha256) can still be checked,
 * and is not taken for another URL's. Outside Actions (no cache service) it just downloads.
 */









/** Is the Actions cache service reachable from here (inside a job, with its token)? */
function isCacheConfigured() {
    return cache/* isFeatureAvailable */.w3() && Boolean(process.env.ACTIONS_RUNTIME_TOKEN);
}
/**
 * `<prefix>-sha256-<sha256>` when the checksum is pinned, else `<prefix>-url-<sha256 of the URL>`, the URL
 * without user info and query (see urlIdentity).
 */
function cacheKey(prefix, url, sha256) {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(prefix)) {
        throw new errors/* BuildError */.zS('invalid-option', `Invalid cache key prefix "${prefix}"`, {
            hint: 'Use 1–100 letters, digits, dots, dashes or underscores.',
        });
    }
    if (sha256 !== undefined)
        return `${prefix}-sha256-${normalizeSha256(sha256)}`;
    // The URL itself may hold commas (not allowed in keys) or exceed the 512-character limit: hash it.
    return `${prefix}-url-${(0,external_node_crypto_.createHash)('sha256').update(urlIdentity(url)).digest('hex')}`;
}
/** Pure: the sidecar's text: sha256sum's line, and the URL as a comment line (sha256sum -c skips those). */
function sidecarText(sha256, fileName, url) {
    return `${sha256}  ${fileName}\n# url: ${urlIdentity(url)}\n`;
}
/** Pure: the sha256 a sidecar records for `url`, or why it does not do that. */
function readSidecar(text, url) {
    const sha256 = /^[0-9a-f]{64}(?= )/m.exec(text)?.[0];
    if (!sha256)
        return { reason: 'its sidecar holds no sha256' };
    const recorded = /^# url: (.*)$/m.exec(text)?.[1];
    if (recorded === undefined)
        return { reason: 'its sidecar does not say which URL it came from' };
    if (recorded !== urlIdentity(url))
        return { reason: `its sidecar records another URL (${recorded})` };
    return { sha256 };
}
/** Checks `file` against the pinned sha256, else against its sidecar, which must be for this URL. */
async function verify(file, sidecar, expected, url) {
    let want = expected;
    if (want === undefined) {
        const text = await (0,promises_.readFile)(sidecar, 'utf8').catch(() => undefined);
        if (text === undefined)
            return { ok: false, reason: 'no checksum to verify it against' };
        const recorded = readSidecar(text, url);
        if ('reason' in recorded)
            return { ok: false, reason: recorded.reason };
        want = recorded.sha256;
    }
    let actual;
    try {
        actual = await sha256File(file);
    }
    catch (error) {
        const code = error.code;
        return { ok: false, reason: code === 'ENOENT' ? 'the file is missing' : String(error) };
    }
    return actual === want
        ? { ok: true, sha256: actual }
        : { ok: false, reason: `sha256 ${actual}, expected ${want}` };
}
async function cachedDownload(options) {
    const { logger, fileName } = options;
    if (!fileName || fileName !== external_node_path_default().basename(fileName) || fileName === '.' || fileName === '..') {
        throw new errors/* BuildError */.zS('invalid-option', `Invalid file name "${fileName}" for a download`, {
            hint: 'Give a plain file name without directories.',
        });
    }
    const expected = options.sha256 === undefined ? undefined : normalizeSha256(options.sha256);
    const key = cacheKey(options.cacheKeyPrefix, options.url, expected);
    const file = external_node_path_default().resolve(options.dir, fileName);
    const sidecar = `${file}.sha256`;
    const paths = [file, sidecar];
    // A file that is there but not verified (another URL's, say) is not this one: it goes.
    const local = await verify(file, sidecar, expected, options.url);
    if (local.ok) {
        logger.info(`Using ${file} (already there, sha256 verified)`);
        return { path: file, sha256: local.sha256, cacheHit: true, source: 'local' };
    }
    const useCache = isCacheConfigured();
    let corruptEntry = false;
    if (!useCache) {
        logger.debug('The Actions cache is not available here (not in a GitHub Actions job): downloading.');
    }
    else if (await restoreEntry(paths, key, logger, options.signal, options.cacheBudget)) {
        const restored = await verify(file, sidecar, expected, options.url);
        if (restored.ok) {
            logger.info(`Restored ${fileName} from the Actions cache (key ${key}), sha256 verified`);
            return { path: file, sha256: restored.sha256, cacheHit: true, source: 'cache' };
        }
        corruptEntry = true;
        logger.warn(`The cached copy of ${fileName} (cache key ${key}) is corrupt: ${restored.reason}. Downloading it again. ` +
            `The entry stays in the cache until it is evicted: delete it (gh cache delete ${key}) or change the cache key prefix.`);
    }
    await (0,promises_.rm)(file, { force: true });
    await (0,promises_.rm)(sidecar, { force: true });
    const result = await downloadVerified({
        ...options.download,
        url: options.url,
        sha256: expected,
        content: options.content,
        dest: file,
        logger,
        signal: options.signal,
    });
    await (0,promises_.writeFile)(sidecar, sidecarText(result.sha256, fileName, options.url));
    const downloaded = {
        path: file,
        sha256: result.sha256,
        cacheHit: false,
        source: 'download',
    };
    // Entries are immutable: a save under the corrupt entry's key would only fail with 409.
    if (useCache && !corruptEntry)
        downloaded.save = () => startSave(paths, key, fileName, logger);
    return downloaded;
}

;// CONCATENATED MODULE: ./src/action/media.ts
/**
 * The Action's media: a file given as a URL comes from the local media cache when the runner keeps one,
 * else through the Actions cache or a download (keyed by where its redirects lead, never down to plain http),
 * and is then kept locally; a file on the runner is checked against its pinned sha256.
 */









const ORIGIN = {
    local: 'runner.temp',
    cache: 'Actions cache',
    download: 'download',
};
/**
 * Puts `remote` at `target`: from `localCache` when it holds it (0 bytes transferred, the Actions cache not
 * asked), else downloaded through the Actions cache (saved later, after preflight, like the local copy).
 */
async function fetchMedium(remote, target, prefix, content, signal, localCache) {
    // Without a pinned sha256 the cache is keyed by URL; the stable virtio-win URL redirects to a versioned
    // file, so key by where it leads: a new release is a new key, not a stale hit.
    const url = remote.sha256
        ? remote.url
        : resolvedUrl(remote.url, await resolveRedirects(remote.url, { logger: actionLogger, signal }));
    if (url !== remote.url)
        core/* info */.pq(`${displayUrl(remote.url)} resolves to ${displayUrl(url)}`);
    const cacheKeyPrefix = `bake-windows-image-${prefix}`;
    const name = external_node_path_default().basename(target);
    const key = cacheKey(cacheKeyPrefix, url, remote.sha256);
    const hit = localCache && (await orWarning(() => localCache.lookup(key, remote.sha256)));
    if (hit && (await orWarning(() => placeAt(hit.path, target)))) {
        core/* info */.pq(`${name}: from the local media cache ${localCache.dir}, 0 B transferred (sha256 ${hit.sha256})`);
        return {
            path: target,
            sha256: hit.sha256,
            cacheHit: true,
            source: 'local',
            name,
            origin: 'local media cache',
            bytesTransferred: 0,
        };
    }
    const result = await cachedDownload({
        url,
        sha256: remote.sha256,
        cacheKeyPrefix,
        dir: external_node_path_default().dirname(target),
        fileName: name,
        content,
        logger: actionLogger,
        signal,
    });
    const origin = ORIGIN[result.source];
    const bytesTransferred = result.source === 'local' ? 0 : (await (0,promises_.stat)(result.path)).size;
    core/* info */.pq(`${name}: from the ${origin}, ${(0,log/* formatBytes */.z3)(bytesTransferred)} transferred (sha256 ${result.sha256})`);
    return {
        ...result,
        name,
        origin,
        bytesTransferred,
        ...(localCache && {
            keepLocally: async () => {
                await orWarning(() => localCache.add(key, result.path, result.sha256));
            },
        }),
    };
}
/** The local cache only ever saves a transfer: when it fails, the job goes on as if there were none. */
async function orWarning(operation) {
    try {
        return await operation();
    }
    catch (error) {
        core/* warning */.$e(`The local media cache failed, going on without it: ${error.message}`);
        return undefined;
    }
}
/**
 * The cached file at `target` under its own name (the MSI's name matters): a hardlink, which outlives an
 * eviction, else (another file system) a symlink, which the job's entry in users/ keeps valid.
 */
async function placeAt(cached, target) {
    await (0,promises_.mkdir)(external_node_path_default().dirname(target), { recursive: true });
    await (0,promises_.rm)(target, { force: true });
    await (0,promises_.rm)(`${target}.sha256`, { force: true });
    await (0,promises_.link)(cached, target).catch(() => (0,promises_.symlink)(cached, target));
    return true;
}
/** Bytes that came over the network for these media (the media-bytes-transferred output). Pure. */
function bytesTransferred(media) {
    return media.reduce((sum, medium) => sum + medium.bytesTransferred, 0);
}
/** A file on the runner must be the one its `*-sha256` input pins. */
async function verifyLocalFile({ file, sha256, input }) {
    let actual;
    try {
        actual = await sha256File(file);
    }
    catch (error) {
        throw new errors/* BuildError */.zS('input-unreadable', `Cannot read ${file} to check ${input}: ${error.message}`, {
            hint: 'Check the path and that the runner user can read it.',
        });
    }
    if (actual !== sha256) {
        throw new errors/* BuildError */.zS('checksum-mismatch', `${file} does not match input ${input}: expected sha256 ${sha256}, got ${actual}`, { hint: `The file on the runner is not the one the workflow pins: replace it, or correct ${input}.` });
    }
    core/* info */.pq(`${external_node_path_default().basename(file)}: matches ${input}`);
}
/** Where a redirect chain may lead for keying and downloading: never from https down to plain http. Pure. */
function resolvedUrl(original, resolved) {
    return new URL(original).protocol === 'https:' && new URL(resolved).protocol !== 'https:'
        ? original
        : resolved;
}

// EXTERNAL MODULE: ./src/action/post.ts
var post = __webpack_require__(27718);
// EXTERNAL MODULE: ./src/action/summary.ts + 1 modules
var summary = __webpack_require__(33136);
;// CONCATENATED MODULE: ./src/action/main.ts
/**
 * The Action: a short script of phases around the builder. Inputs → host setup → media (downloaded and
 * cached when given as URLs) → build → outputs → artifact → job summary, which is written whatever failed.
 * Whether the upload can work is checked before anything else. The password is masked before
 * anything is logged; the post step (post.ts) cleans up whatever a crashed or cancelled main left behind.
 */























async function runMain(signal) {
    // The entry point (src/index.ts) has masked the password before anything else ran.
    let settings;
    let options;
    let result;
    // The action's own phases (download, upload) around the build's, for the summary's timeline.
    const timeline = new Timeline();
    // Where each medium came from, for the summary (filled as they arrive).
    const media = [];
    let localCache;
    let placed;
    try {
        settings = await core/* group */.Os('Reading inputs', async () => readSettings());
        // Before the host packages, the downloads and the build: an upload that cannot work fails in seconds.
        if (settings.artifactName)
            checkUploadEnvironment(settings.artifactName);
        // No output given: the work dir and the output go to the disk with the most free space.
        const runnerTemp = settings.runnerTemp;
        placed = settings.outputGiven
            ? undefined
            : await core/* group */.Os('Choosing a disk', () => placeBuild(runnerTemp));
        if (placed)
            core/* saveState */.LZ(post/* STATE_BUILD_ROOT */.g_, placed);
        // The post step needs to know what to clean up, even if this process dies.
        const workDir = placed
            ? external_node_path_default().join(placed, 'work')
            : external_node_path_default().join(settings.runnerTemp, 'bake-windows-image', `work-${process.env.GITHUB_RUN_ID ?? 'local'}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        core/* saveState */.LZ(post/* STATE_WORK_DIR */.aD, workDir);
        options = {
            ...settings.options,
            workDir,
            ...(placed && { output: external_node_path_default().join(placed, external_node_path_default().basename(settings.options.output)) }),
        };
        core/* saveState */.LZ(post/* STATE_OUTPUT */.qd, external_node_path_default().resolve(options.output));
        if (!settings.artifactName)
            warnNoUpload(settings, options.output);
        if (settings.mediaCache) {
            localCache = new MediaCache(settings.mediaCache.dir, settings.mediaCache.maxBytes, actionLogger);
        }
        const built = await bake(settings, options, signal, timeline, { localCache, reports: media });
        if (built.kind === 'image') {
            result = built;
            await publishImage(built, settings, options, timeline, media);
        }
    }
    catch (error) {
        timeline.end();
        await fail(error, { result, options, runnerTemp: settings?.runnerTemp, timeline: timeline.toJSON(), media }, settings);
        // The build removed its work dir; an empty directory of the action's own choosing goes too.
        (0,post/* removeIfEmpty */.V3)(placed);
    }
    finally {
        // The job no longer holds its cached media: another job's eviction may take them.
        await localCache?.release();
    }
    // Ended by itself: the build cleaned up, and a partial file left now is a finished image it kept.
    core/* saveState */.LZ(post/* STATE_OUTPUT */.qd, '');
}
/** No upload at all is said out loud, with where the image will stay (unless it goes to a registry instead). */
function warnNoUpload(settings, where) {
    // Pushed to a registry instead: not uploading the artifact is what was asked.
    if (settings.publish.registry)
        return;
    core/* warning */.$e(`artifact-name is empty: the image will not be uploaded. It stays at ${where} (the image-path output)` +
        ((0,summary/* isInside */.FK)(where, settings.runnerTemp)
            ? ', inside runner.temp, which is wiped when the job ends: set output to a path outside it, or keep the image in a later step.'
            : '.'), { title: 'bake-windows-image: no upload' });
}
async function bake(settings, options, signal, timeline, { localCache, reports }) {
    if (settings.installDeps) {
        await core/* group */.Os('Installing host packages', async () => {
            const installed = await installMissingPackages(options.firmware, actionLogger, signal);
            if (installed.length === 0)
                core/* info */.pq('All host packages are present.');
        });
    }
    // Before any download: a runner without usable KVM or tools should fail in seconds, not after 6 GB.
    const accel = await ensureKvm(settings.enableKvm, options.accel, undefined, signal);
    // A guest bigger than this host could ever hold.
    checkHostCanEverFit(options, accel);
    checkSpaceBeforeDownload(spaceNeeds(options, pendingDownloads(settings, options)));
    for (const program of [exec/* PROGRAMS */.i.xorrisofs, exec/* PROGRAMS */.i.qemuImg, exec/* PROGRAMS */.i.qemuSystem])
        (0,exec/* requireProgram */.qi)(program);
    timeline.start('media');
    const media = await core/* group */.Os('Getting the installation media', async () => {
        for (const check of settings.localChecksums)
            await verifyLocalFile(check);
        const fetched = [];
        const wanted = [
            [settings.isoDownload, options.iso, 'windows-iso', 'disc-image'],
            [settings.virtioWinDownload, options.virtioWinIso, 'virtio-win', 'disc-image'],
            [options.opensshMsi && settings.opensshMsiDownload, options.opensshMsi, 'openssh-msi', 'msi'],
        ];
        for (const [remote, target, prefix, content] of wanted) {
            if (!remote || !target)
                continue;
            const medium = await fetchMedium(remote, target, prefix, content, signal, localCache);
            fetched.push(medium);
            reports.push({ name: medium.name, origin: medium.origin, bytesTransferred: medium.bytesTransferred });
        }
        core/* info */.pq(`Media: ${(0,log/* formatBytes */.z3)(bytesTransferred(fetched))} transferred`);
        return fetched;
    });
    core/* setOutput */.uH('cache-hit', String(media.length > 0 && media.every((m) => m.cacheHit)));
    core/* setOutput */.uH('media-bytes-transferred', String(bytesTransferred(media)));
    return core/* group */.Os('Building the image', () => buildSavingMedia(options, media, signal, { timeline, historyDir: settings.historyDir }));
}
/**
 * A built image: its outputs first (a later `if: always()` step needs image-path even when the upload
 * fails), then the artifact and the summary. A failure here says where the image is and how to keep it.
 */
async function publishImage(result, settings, options, timeline, media) {
    setImageOutputs(result);
    // The result's timeline is the build's; the action's own adds the download and the upload.
    const timelineJson = () => {
        timeline?.end();
        return timeline?.toJSON() ?? result.timeline;
    };
    try {
        let artifact;
        const name = settings.autoArtifact
            ? autoArtifactName({ ...settings.autoArtifact, os: result.os })
            : settings.artifactName;
        if (name) {
            timeline?.start('upload');
            artifact = await core/* group */.Os('Uploading the artifact', () => uploadImageArtifact({
                file: result.image.path,
                artifactName: name,
                retentionDays: settings.retentionDays,
                logger: actionLogger,
            }).catch((error) => {
                throw keepImageAdvice((0,errors/* asBuildError */.L2)(error), result.image.path, settings.runnerTemp);
            }));
            // A copy lives elsewhere now: the post step may remove a build directory the action chose.
            core/* saveState */.LZ(post/* STATE_PUBLISHED */.HO, 'true');
            core/* setOutput */.uH('artifact-name', artifact.name);
            core/* setOutput */.uH('artifact-id', String(artifact.id));
            core/* setOutput */.uH('artifact-url', artifact.url ?? '');
        }
        let pushed;
        if (settings.publish.registry) {
            timeline?.start('upload');
            pushed = await publishToRegistry(result, options, settings.publish.registry).catch((error) => {
                throw keepImageAdvice((0,errors/* asBuildError */.L2)(error), result.image.path, settings.runnerTemp);
            });
            core/* saveState */.LZ(post/* STATE_PUBLISHED */.HO, 'true');
        }
        await (0,summary/* writeSummary */.Sy)({ result, options, artifact, registry: pushed, timeline: timelineJson(), media });
    }
    catch (error) {
        await fail(error, { result, options, runnerTemp: settings.runnerTemp, timeline: timelineJson(), media });
    }
}
/** An upload that failed: runner.temp does not outlive the job, so say how to keep the image. */
function keepImageAdvice(error, image, runnerTemp) {
    const keep = (0,summary/* isInside */.FK)(image, runnerTemp)
        ? `The image is at ${image}, inside runner.temp, which is wiped when the job ends. To keep it, set output to a path outside runner.temp, or add a step after this one with if: always() that uploads or copies steps.<id>.outputs.image-path (e.g. actions/upload-artifact with path: that output).`
        : `The image stays at ${image} (the image-path output); a later step with if: always() can upload or copy it.`;
    const hint = error.hint ? `${error.hint} ${keep}` : keep;
    return new errors/* BuildError */.zS(error.code, error.message, { hint, cause: error });
}
/**
 * One annotation per failure (setFailed would add a second one without the title), and the summary; a
 * failure bundle is uploaded first, so that both can name its artifact.
 */
async function fail(error, context, upload) {
    const buildError = (0,errors/* asBuildError */.L2)(error);
    const bundle = await publishFailureBundle(buildError, upload, actionLogger);
    const text = [buildError.message, buildError.hint, bundle && bundleLine(bundle)].filter(Boolean).join('\n');
    core/* error */.z3(text, { title: `bake-windows-image: ${buildError.code}` });
    process.exitCode = 1;
    try {
        await (0,summary/* writeFailureSummary */.KJ)({ error: buildError, ...context, bundle });
    }
    catch (summaryError) {
        core/* warning */.$e(`Could not write the job summary: ${summaryError.message}`);
    }
}
function setImageOutputs(result) {
    (0,baseline/* setBaselineOutputs */._j)(result);
    core/* setOutput */.uH('image-path', result.image.path);
    core/* setOutput */.uH('image-sha256', result.image.sha256);
    core/* setOutput */.uH('image-size', String(result.image.sizeBytes));
    core/* setOutput */.uH('virtual-size', String(result.image.virtualSizeBytes));
    core/* setOutput */.uH('duration-seconds', String(Math.round(result.durationMs / 1000)));
    core/* setOutput */.uH('firmware-vars-path', result.image.firmwareState?.vars ?? '');
    core/* setOutput */.uH('tpm-state-path', result.image.firmwareState?.tpm ?? '');
    core/* info */.pq(`Image ${result.image.path}: ${(0,log/* formatBytes */.z3)(result.image.sizeBytes)}, built in ${(0,log/* formatDuration */.a3)(result.durationMs)}`);
}


/***/ })

};
