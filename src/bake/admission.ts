/**
 * Admission control's rule, pure: does a build fit on this host beside the builds already running, and if
 * not, can it ever (fail at once) or only not now (wait for the builds in its way)? notes/admission.md says
 * why each bound is what it is.
 */
import type { Accelerator } from '../targets.js';
import { formatBytes } from '../log.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** What the build asks for. */
export interface AdmissionRequest {
  memoryMiB: number;
  cpus: number;
  accel: Accelerator;
  /** What its work dir will grow to, on the filesystem `device` (st_dev) of `dir`. */
  diskBytes: number;
  device: string;
  dir: string;
}

/** The host, read now. */
export interface HostState {
  memTotalBytes: number;
  memAvailableBytes: number;
  cpus: number;
  /** Free bytes on the request's filesystem. */
  freeBytes: number;
}

/** Another live build's reservation, with what it has not taken yet. */
export interface OtherBuild {
  pid: number;
  buildId: string;
  memoryMiB: number;
  cpus: number;
  device: string;
  /** Reserved guest memory its QEMU has not touched yet (MemAvailable still counts it as free). */
  untouchedMemoryBytes: number;
  /** Disk it has reserved and not written yet. */
  remainingDiskBytes: number;
}

export type AdmissionDecision =
  /** warnings: it goes ahead, but alone it finds less memory available now than it will use (see below). */
  | { verdict: 'fits'; warnings?: string[] }
  /** never: waiting cannot help (more than the host has in all, or a full disk with no build to wait for). */
  | { verdict: 'never' | 'wait'; shortfalls: string[]; blocking: OtherBuild[] };

/** Memory kept free for the host, QEMU's own overhead and the page cache: max(1 GiB, 10 % of MemTotal). */
export function memoryHeadroomBytes(memTotalBytes: number): number {
  return Math.max(GiB, Math.round(memTotalBytes / 10));
}

/**
 * vCPUs per host CPU. Under TCG every vCPU thread keeps a host CPU busy: no overcommit. Under KVM a vCPU
 * thread runs only while the guest does, and Setup waits on the disk much of the time: two per CPU.
 */
export const CPU_OVERCOMMIT: Readonly<Record<Accelerator, number>> = { kvm: 2, tcg: 1 };

const sum = (builds: readonly OtherBuild[], of: (build: OtherBuild) => number): number =>
  builds.reduce((total, build) => total + of(build), 0);

/** "1 other build (pid 12)", "2 other builds (pids 12, 34)". */
export function describeBuilds(builds: readonly OtherBuild[]): string {
  const pids = builds.map((build) => build.pid).join(', ');
  return builds.length === 1 ? `1 other build (pid ${pids})` : `${builds.length} other builds (pids ${pids})`;
}

const gib = (bytes: number): string => formatBytes(bytes);

/** The rule: memory against MemTotal and MemAvailable, vCPUs against the CPUs, disk against free space. */
/** More vCPUs than the host's budget for one build: it runs, slowly (a warning, not a refusal). */
export function oversubscribed(
  request: Pick<AdmissionRequest, 'cpus' | 'accel'>,
  hostCpus: number,
): string | undefined {
  const budget = hostCpus * CPU_OVERCOMMIT[request.accel];
  if (request.cpus <= budget) return undefined;
  return `${request.cpus} vCPUs on ${hostCpus} host CPUs under ${request.accel} (at most ${budget}): the guest runs slower than with --cpus ${budget}`;
}

export function decideAdmission(
  request: AdmissionRequest,
  host: HostState,
  others: readonly OtherBuild[],
): AdmissionDecision {
  const shortfalls: string[] = [];
  const warnings: string[] = [];
  const blocking = new Set<OtherBuild>();
  let never = false;
  const headroom = memoryHeadroomBytes(host.memTotalBytes);
  const memory = request.memoryMiB * MiB;
  const needsMemory = `needs ${request.memoryMiB} MiB memory`;

  // (a) Against MemTotal: every guest touches all its memory in the end, so reservations add up.
  const reserved = sum(others, (build) => build.memoryMiB * MiB);
  if (memory + headroom > host.memTotalBytes) {
    never = true;
    shortfalls.push(
      `${needsMemory}; the host has ${gib(host.memTotalBytes)} in all, ${gib(headroom)} of it headroom`,
    );
  } else if (memory + reserved + headroom > host.memTotalBytes) {
    others.forEach((build) => blocking.add(build));
    shortfalls.push(
      `${needsMemory}; ${gib(host.memTotalBytes)} total, ${gib(reserved)} reserved by ${describeBuilds(others)}, ${gib(headroom)} headroom`,
    );
  }
  // (a') Against MemAvailable: other programs use memory too. What other guests have touched is already
  // gone from MemAvailable; only what they have not touched yet is still to come out of it.
  const untouched = sum(others, (build) => build.untouchedMemoryBytes);
  if (!never && others.length === 0 && memory + headroom > host.memAvailableBytes) {
    // Alone, and it fits MemTotal: the rest is page cache the kernel reclaims, or other programs that may
    // end; QEMU takes guest memory as the guest touches it. No build to wait for, and refusing would fail a
    // build that usually runs: it goes ahead, with the numbers in a warning.
    warnings.push(
      `${needsMemory} with ${gib(headroom)} headroom; ${gib(host.memAvailableBytes)} available now (the rest of the host's ${gib(host.memTotalBytes)} is held by other programs or page cache): going ahead, the guest takes its memory as it touches it`,
    );
  } else if (!never && memory + headroom + untouched > host.memAvailableBytes) {
    const holders = others.filter((build) => build.untouchedMemoryBytes > 0);
    others.forEach((build) => blocking.add(build));
    shortfalls.push(
      `${needsMemory}; ${gib(host.memAvailableBytes)} available now${holders.length > 0 ? `, ${gib(untouched)} of it promised to ${describeBuilds(holders)}` : ''}, ${gib(headroom)} headroom`,
    );
  }

  // (b) vCPUs against host CPUs × the accelerator's overcommit. CPUs are time-shared, memory is not: a build
  // with more vCPUs than the budget runs (slowly) when it is alone, taking the whole budget; never a failure.
  const budget = host.cpus * CPU_OVERCOMMIT[request.accel];
  const taken = sum(others, (build) => Math.min(build.cpus, budget));
  if (others.length > 0 && Math.min(request.cpus, budget) + taken > budget) {
    others.forEach((build) => blocking.add(build));
    shortfalls.push(
      `needs ${request.cpus} vCPU${request.cpus === 1 ? '' : 's'}; ${host.cpus} host CPUs × ${CPU_OVERCOMMIT[request.accel]} (${request.accel}) = ${budget}, ${taken} taken by ${describeBuilds(others)}`,
    );
  }

  // (c) Disk: free space on the work dir's filesystem less what other builds there have yet to write.
  const sameDisk = others.filter((build) => build.device === request.device);
  const promised = sum(sameDisk, (build) => build.remainingDiskBytes);
  if (request.diskBytes + promised > host.freeBytes) {
    // Other builds' work dirs go when they end; without any, there is nothing to wait for.
    if (sameDisk.length === 0) never = true;
    sameDisk.forEach((build) => blocking.add(build));
    shortfalls.push(
      `needs ${gib(request.diskBytes)} disk in ${request.dir}; ${gib(host.freeBytes)} free${sameDisk.length > 0 ? `, ${gib(promised)} of it still to be written by ${describeBuilds(sameDisk)}` : ''}`,
    );
  }

  if (shortfalls.length === 0)
    return warnings.length > 0 ? { verdict: 'fits', warnings } : { verdict: 'fits' };
  return { verdict: never ? 'never' : 'wait', shortfalls, blocking: [...blocking] };
}
