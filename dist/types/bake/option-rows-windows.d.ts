export declare const MEDIA_AND_WINDOWS_ROWS: readonly [{
    readonly key: "iso";
    readonly flag: "iso";
    readonly input: "iso";
    readonly group: "Required";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly requiredExample: "Win11_24H2_English_x64.iso";
    readonly help: "Windows installation ISO";
}, {
    readonly key: "virtioWinIso";
    readonly flag: "virtio-win-iso";
    readonly input: "virtio-win-iso";
    readonly group: "Required";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly requiredExample: "virtio-win.iso";
    readonly help: "virtio-win driver ISO";
}, {
    readonly key: "output";
    readonly flag: "output";
    readonly short: "o";
    readonly input: "output";
    readonly group: "Required";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly requiredExample: "windows-11.qcow2";
    readonly help: "where the finished qcow2 appears (refused if it exists and is not empty)";
}, {
    readonly key: "username";
    readonly flag: "username";
    readonly input: "username";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "smolvm";
    readonly maxLength: 20;
    readonly help: "local administrator account";
}, {
    readonly key: "password";
    readonly flag: "password";
    readonly input: "password";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "TEXT";
    readonly default: "smolvm";
    readonly maxLength: 127;
    readonly help: "its password, never logged";
}, {
    readonly key: "hostname";
    readonly flag: "hostname";
    readonly input: "hostname";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "smolvm-win";
    readonly maxLength: 15;
    readonly help: "computer name, 1-15 letters, digits, hyphens";
}, {
    readonly key: "edition";
    readonly flag: "edition";
    readonly input: "edition";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "Windows 11 Pro";
    readonly help: "image name in sources/install.wim";
}, {
    readonly key: "os";
    readonly flag: "os";
    readonly input: "os";
    readonly group: "Guest";
    readonly type: "choice";
    readonly values: readonly import("../targets.js").WindowsOs[];
    readonly help: "Windows version";
    readonly defaultText: "derived from --edition";
}, {
    readonly key: "timezone";
    readonly flag: "timezone";
    readonly input: "timezone";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "ID";
    readonly default: "UTC";
    readonly help: "Windows time zone id";
}, {
    readonly key: "locale";
    readonly flag: "locale";
    readonly input: "locale";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "en-US";
    readonly help: "input/system/UI locale";
}, {
    readonly key: "productKey";
    readonly flag: "product-key";
    readonly input: "product-key";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "KEY";
    readonly help: "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX, or none for no key";
    readonly defaultText: "the edition's generic key on client editions, else none";
}, {
    readonly key: "generalize";
    readonly flag: "generalize";
    readonly input: "generalize";
    readonly group: "Guest";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "sysprep /generalize at the end: every clone gets its own machine SID and computer name";
}, {
    readonly key: "opensshMsi";
    readonly flag: "openssh-msi";
    readonly input: "openssh-msi";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly help: "Win32-OpenSSH MSI (OpenSSH-Win64-v….msi) installed offline in the guest";
    readonly defaultText: "none; the guest then needs Windows Update, except Server 2025";
}, {
    readonly key: "automaticUpdates";
    readonly flag: "automatic-updates";
    readonly input: "automatic-updates";
    readonly group: "Guest";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "leave Windows Update automatic in the image (always off during the bake)";
}];
