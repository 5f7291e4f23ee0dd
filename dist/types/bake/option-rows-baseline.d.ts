export declare const BASELINE_ROWS: readonly [{
    readonly key: "upload";
    readonly flag: "upload";
    readonly input: "upload";
    readonly group: "Baseline";
    readonly type: "list";
    readonly metavar: "SRC=DEST";
    readonly default: readonly [];
    readonly help: "copy a file or directory SRC into the guest at the Windows path DEST (over SFTP) before the provisioning scripts";
}, {
    readonly key: "provision";
    readonly flag: "provision";
    readonly input: "provision";
    readonly group: "Baseline";
    readonly type: "list";
    readonly metavar: "PATH";
    readonly default: readonly [];
    readonly help: "run a .ps1, .cmd or .bat script in the guest (as the account, over SSH), in order; exit code 3010 or 1641 reboots the guest before the next one";
}, {
    readonly key: "windowsUpdate";
    readonly flag: "windows-update";
    readonly input: "windows-update";
    readonly group: "Baseline";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "install the available Windows updates, rebooting as often as they need, then clean up the component store";
}, {
    readonly key: "updateTimeoutSeconds";
    readonly flag: "update-timeout";
    readonly input: "update-timeout";
    readonly group: "Baseline";
    readonly type: "number";
    readonly metavar: "SECONDS";
    readonly default: 5400;
    readonly min: 60;
    readonly max: number;
    readonly hint: "Give the limit for all Windows Update rounds in seconds (it adds to --build-timeout)";
    readonly help: "limit for all Windows Update rounds; it adds to the build timeout";
}, {
    readonly key: "updateRounds";
    readonly flag: "update-rounds";
    readonly input: "update-rounds";
    readonly group: "Baseline";
    readonly type: "number";
    readonly metavar: "N";
    readonly default: 8;
    readonly min: 1;
    readonly max: 50;
    readonly hint: "Give the most search-install-reboot rounds Windows Update may take";
    readonly help: "most search-install-reboot rounds; updates still asking for a reboot after them fail the build";
}, {
    readonly key: "updateExclude";
    readonly flag: "update-exclude";
    readonly input: "update-exclude";
    readonly group: "Baseline";
    readonly type: "list";
    readonly metavar: "KB|PATTERN";
    readonly default: readonly [];
    readonly help: "leave out an update by its KB number (KB5034441) or a title pattern with * and ? (*Silverlight*)";
}, {
    readonly key: "updateDrivers";
    readonly flag: "update-drivers";
    readonly input: "update-drivers";
    readonly group: "Baseline";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "also install driver updates (left out by default: the VM has the virtio drivers it needs)";
}, {
    readonly key: "updatePreviews";
    readonly flag: "update-previews";
    readonly input: "update-previews";
    readonly group: "Baseline";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "also install preview updates (left out by default)";
}, {
    readonly key: "updateResetBase";
    readonly flag: "update-reset-base";
    readonly input: "update-reset-base";
    readonly group: "Baseline";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "component store cleanup with /ResetBase: smaller image, but the installed updates can no longer be uninstalled";
}, {
    readonly key: "baseCache";
    readonly flag: "base-cache";
    readonly input: "base-cache";
    readonly group: "Baseline";
    readonly type: "string";
    readonly metavar: "DIR";
    readonly help: "keep the installed system (before updates and provisioning) in DIR, keyed by everything that shapes the install, and start from it next time";
    readonly defaultText: "none; the action: under the tool cache on self-hosted runners";
}, {
    readonly key: "baseCacheKeep";
    readonly flag: "base-cache-keep";
    readonly input: "base-cache-keep";
    readonly group: "Baseline";
    readonly type: "number";
    readonly metavar: "N";
    readonly default: 2;
    readonly min: 1;
    readonly max: 100;
    readonly hint: "Give how many bases the cache keeps";
    readonly help: "bases the cache keeps, the most recently used ones";
}, {
    readonly key: "baseCacheMaxMiB";
    readonly flag: "base-cache-max-size";
    readonly input: "base-cache-max-size";
    readonly group: "Baseline";
    readonly type: "number";
    readonly metavar: "MIB";
    readonly default: 0;
    readonly min: 0;
    readonly max: number;
    readonly hint: "Give the most MiB the bases may take, 0 for no limit";
    readonly help: "most MiB all bases may take together (oldest go first); 0 = no limit";
}];
