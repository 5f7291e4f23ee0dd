/**
 * Where the host's files live in the guest (notes/nightly-baseline.md, "Guest paths"): one work folder under
 * C:\Windows\Temp, readable by the Administrators and SYSTEM (the Windows Update task runs as SYSTEM).
 */
export declare const GUEST_WORK_DIR = "C:\\Windows\\Temp\\bake-windows-image";
/** The provisioning scripts, as `NN-NAME`. */
export declare const GUEST_PROVISION_DIR = "C:\\Windows\\Temp\\bake-windows-image\\provision";
