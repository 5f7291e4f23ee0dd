# ---------------------------------------------------------------- powershell.exe command line
function isprefix(a, full, minlen) { return length(a) >= minlen && substr(full, 1, length(a)) == a }

function run_powershell(args,    a, la, b, text) {
    while (args != "") {
        a = nextword(args); la = tolower(a)
        if (substr(la, 1, 1) != "-" && substr(la, 1, 1) != "/") return run_ps(unquote_all(args))
        args = REST
        sub(/^\//, "-", la)
        if (la == "-ec" || isprefix(la, "-encodedcommand", 2)) {
            b = nextword(args)
            text = b64_utf16(b)
            if (text == "\001") {
                err("Cannot process the command because the value specified with -EncodedCommand is not properly encoded. The value must be Base64 encoded.")
                return 1
            }
            if (first_line(text) == ZERO_FILL_TAG) return zero_fill()
            if (first_line(text) == WRITE_FILE_TAG) return write_stdin(text)
            if (first_line(text) == PROVISION_TAG) return provision_wrapper(text)
            if (first_line(text) == APPX_TAG) { out("removed 0 Appx package(s) installed for a user but not provisioned; could not remove 0: "); return 0 }
            return run_ps(text)
        }
        if (la == "-c" || isprefix(la, "-command", 3)) return run_ps(unquote_all(args))
        if (isprefix(la, "-file", 2)) return run_ps_file(nextword(args))
        if (la == "-ep" || isprefix(la, "-executionpolicy", 3) || isprefix(la, "-inputformat", 3) || \
            isprefix(la, "-outputformat", 3) || isprefix(la, "-windowstyle", 2) || isprefix(la, "-version", 2) || \
            isprefix(la, "-configurationname", 4) || isprefix(la, "-psconsolefile", 3) || isprefix(la, "-workingdirectory", 3)) {
            nextword(args); args = REST
        }
    }
    return 0
}

# base64 of UTF-16LE -> text (ASCII only: the NUL bytes are dropped); "\001" when not base64
function b64_utf16(b,    f, cmd, s, save, line) {
    if (b == "" || b !~ /^[A-Za-z0-9+\/=]+$/) return "\001"
    "mktemp" | getline f; close("mktemp")
    printf "%s\n", b > f; close(f)
    cmd = "base64 -d " f " 2>/dev/null | tr -d '\\000'; rm -f " f
    save = RS; RS = "\001"; s = ""
    while ((cmd | getline line) > 0) s = s line
    close(cmd); RS = save
    sub(/^\377\376/, "", s)
    return s
}

