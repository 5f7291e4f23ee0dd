export declare const VM_AND_BUILD_ROWS: readonly [{
    readonly key: "diskSizeMiB";
    readonly flag: "disk-size";
    readonly input: "disk-size";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "MIB";
    readonly default: 65536;
    readonly min: 1;
    readonly max: number;
    readonly hint: "Give the virtual disk size in MiB (qcow2 allows up to 2 PiB)";
    readonly help: "virtual disk size in MiB, grown on demand";
}, {
    readonly key: "memoryMiB";
    readonly flag: "memory";
    readonly input: "memory";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "MIB";
    readonly default: "auto";
    readonly auto: true;
    readonly example: 4096;
    readonly min: 256;
    readonly max: number;
    readonly hint: "Give guest memory in MiB (Windows 11 wants at least 4 GiB), or auto";
    readonly help: "guest memory in MiB; auto = the host's memory less max(2 GiB, 25 %), at most 16384, at least 4096 when the host has 5 GiB";
}, {
    readonly key: "cpus";
    readonly flag: "cpus";
    readonly input: "cpus";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "N";
    readonly default: "auto";
    readonly auto: true;
    readonly example: 4;
    readonly min: 1;
    readonly max: 256;
    readonly hint: "Give a count of virtual CPUs, or auto";
    readonly help: "virtual CPUs; auto = the host's CPUs, at most 8";
}, {
    readonly key: "accel";
    readonly flag: "accel";
    readonly input: "accel";
    readonly group: "VM";
    readonly type: "choice";
    readonly values: readonly import("../targets.js").Accel[];
    readonly default: "auto";
    readonly help: "auto = kvm when /dev/kvm is usable; tcg is for tests only";
}, {
    readonly key: "firmware";
    readonly flag: "firmware";
    readonly input: "firmware";
    readonly group: "VM";
    readonly type: "choice";
    readonly values: readonly import("../targets.js").Firmware[];
    readonly default: "uefi";
    readonly help: "OVMF, OVMF with Secure Boot + TPM, or SeaBIOS";
}, {
    readonly key: "buildTimeoutSeconds";
    readonly flag: "build-timeout";
    readonly input: "build-timeout";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "SECONDS";
    readonly default: 2700;
    readonly min: 1;
    readonly max: number;
    readonly hint: "Give the whole-build limit in seconds";
    readonly help: "limit for the whole build";
}, {
    readonly key: "admission";
    readonly flag: "admission";
    readonly input: "admission";
    readonly group: "VM";
    readonly type: "choice";
    readonly values: readonly ["wait", "fail", "off"];
    readonly default: "wait";
    readonly help: "when other builds on this host leave too little memory, CPU or disk: wait for them (at most as long as --build-timeout, not counted in it), fail at once, or do not check";
}, {
    readonly key: "keepFirmwareState";
    readonly flag: "keep-firmware-state";
    readonly input: "keep-firmware-state";
    readonly group: "VM";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "keep the UEFI vars (and uefi-secure's TPM state) next to the image: <output>.efivars.fd, <output>.tpm/ (output without .qcow2)";
}, {
    readonly key: "workDir";
    readonly flag: "work-dir";
    readonly group: "Build";
    readonly type: "string";
    readonly metavar: "DIR";
    readonly help: "scratch directory";
    readonly defaultText: "a private one next to --output";
}, {
    readonly key: "keepWorkDir";
    readonly flag: "keep-work-dir";
    readonly group: "Build";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "keep it afterwards (it holds the answer file, with the password); to debug a failed build, read its failure bundle (<output>.failure/) instead";
}, {
    readonly key: "compress";
    readonly flag: "no-compress";
    readonly negated: true;
    readonly input: "compression";
    readonly group: "Build";
    readonly type: "boolean";
    readonly default: true;
    readonly help: "do not zstd-compress the finished qcow2";
}, {
    readonly key: "screenshotIntervalSeconds";
    readonly flag: "screenshot-interval";
    readonly input: "screenshot-interval";
    readonly group: "Build";
    readonly type: "number";
    readonly metavar: "SECONDS";
    readonly default: 30;
    readonly min: 0;
    readonly max: 3600;
    readonly hint: "Give seconds between screenshots, 0 for none";
    readonly help: "a screenshot of the VM every N seconds, at reboots and phase changes, in the work dir (screens/); 0 = none";
}, {
    readonly key: "vnc";
    readonly flag: "vnc";
    readonly group: "Build";
    readonly type: "string";
    readonly metavar: "ADDRESS";
    readonly help: "watch the VM live over VNC at 127.0.0.1:PORT (5900 and up) or unix:PATH; loopback only";
    readonly defaultText: "off";
}, {
    readonly key: "dryRun";
    readonly flag: "dry-run";
    readonly group: "Build";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "check everything, write the answer medium, print the plan; build nothing";
}];
