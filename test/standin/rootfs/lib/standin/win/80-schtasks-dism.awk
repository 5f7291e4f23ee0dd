# ---------------------------------------------------------------- schtasks.exe, Dism.exe, the Windows Update round
# schtasks: only what the builder's Windows Update rounds need (/Create /Run /Delete /Query), with Windows' texts.
# A task is a file on C: (C:\Windows\standin\tasks\NAME, its /TR command line); a running instance is a pid
# file under /run/standin/tasks (a reboot ends it, as it ends the task's process on Windows).
function taskdir() { return CROOT "/Windows/standin/tasks" }
function taskpid(name) { return "/run/standin/tasks/" name ".pid" }
function task_running(name) { return sh("p=$(cat " shq(taskpid(name)) " 2>/dev/null) && [ -n \"$p\" ] && kill -0 \"$p\" 2>/dev/null") == 0 }
function task_missing() { err("ERROR: The system cannot find the file specified."); return 1 }

function do_schtasks(args,    a, la, op, name, tr, st, force, f, now, run, status) {
    op = ""; name = ""; tr = ""; st = ""; force = 0
    while (args != "") {
        a = nextword(args); args = REST; la = tolower(a); sub(/^-/, "/", la)
        if (la == "/create" || la == "/run" || la == "/delete" || la == "/query") op = la
        else if (la == "/tn") { name = nextword(args); args = REST }
        else if (la == "/tr") { tr = nextword(args); args = REST }
        else if (la == "/st") { st = nextword(args); args = REST }
        else if (la == "/ru" || la == "/rl" || la == "/sc") { nextword(args); args = REST }
        else if (la == "/f") force = 1
        else { err("ERROR: Invalid argument/option - '" a "'."); err("Type \"SCHTASKS " toupper(substr(op, 2)) " /?\" for usage."); return 1 }
    }
    if (op == "" || (name == "" && op != "/query")) { err("ERROR: Invalid syntax."); err("Type \"SCHTASKS /?\" for usage."); return 1 }
    if (name ~ /[\\\/:*?"<>|]/) { err("standin: schtasks: task folders and special characters in /TN are not in the stand-in's subset"); return 1 }
    f = taskdir() "/" name
    if (op == "/create") {
        if (tr == "") { err("ERROR: Invalid syntax. Mandatory option '/tr' is missing."); return 1 }
        if (exists(f) && !force) { err("standin: schtasks /Create of an existing task without /F would ask to replace it; give /F"); return 1 }
        sh("mkdir -p " shq(taskdir()))
        writefile(f, tr "\n", 0); sh("sync")
        "date +%H:%M" | getline now; close("date +%H:%M")
        if (st != "" && st < now) err("WARNING: Task may not run because /ST is earlier than current time.")
        out("SUCCESS: The scheduled task \"" name "\" has successfully been created.")
        return 0
    }
    if (op == "/query" && name == "") { err("standin: schtasks /Query needs /TN NAME here"); return 1 }
    if (!exists(f)) return task_missing()
    if (op == "/delete") {
        if (!force) { err("standin: schtasks /Delete without /F would ask for confirmation; give /F"); return 1 }
        sh("rm -f " shq(f) "; sync")
        out("SUCCESS: The scheduled task \"" name "\" was successfully deleted.")
        return 0
    }
    if (op == "/query") {
        status = task_running(name) ? "Running" : "Ready"
        out(""); out("Folder: \\")
        out(sprintf("%-40s %-22s %-15s", "TaskName", "Next Run Time", "Status"))
        out("======================================== ====================== ===============")
        out(sprintf("%-40s %-22s %-15s", name, "N/A", status))
        return 0
    }
    # /Run: the task's command line as SYSTEM through this interpreter, in a session of its own (it outlives
    # the SSH session), its output discarded like a task's. An instance already running is left alone
    # (the task's default: do not start a new instance).
    if (!task_running(name)) {
        tr = trim(readfile(f))
        run = "mkdir -p /run/standin/tasks; echo $$ > \"$1\"; STANDIN_USER=SYSTEM WIN_MODE=cmdline WIN_CMD=\"$2\" awk -f /lib/standin/win.awk; rm -f \"$1\""
        sh("setsid sh -c " shq(run) " task " shq(taskpid(name)) " " shq(tr) " < /dev/null > /dev/null 2>&1 &")
    }
    out("SUCCESS: Attempted to run the scheduled task \"" name "\".")
    return 0
}

# Dism.exe /Online /Cleanup-Image /StartComponentCleanup [/ResetBase]: DISM's header, its progress bar, success.
# Anything else of DISM is not in the subset and answers like DISM does to an option it does not know.
function dism_header() { out(""); out("Deployment Image Servicing and Management tool"); out("Version: 10.0.26100.1"); out("") }
function do_dism(args,    a, la, online, cleanup, scc, reset, bad) {
    online = 0; cleanup = 0; scc = 0; reset = 0; bad = ""
    while (args != "") {
        a = nextword(args); args = REST; la = tolower(a); sub(/^-/, "/", la)
        if (la == "/online") online = 1
        else if (la == "/cleanup-image") cleanup = 1
        else if (la == "/startcomponentcleanup") scc = 1
        else if (la == "/resetbase") reset = 1
        else if (la == "/quiet" || la == "/norestart" || la == "/english") continue
        else if (bad == "") bad = a
    }
    if (bad == "" && !(online && cleanup && scc)) bad = online ? (cleanup ? "/Cleanup-Image" : "/Online") : "/Image"
    dism_header()
    if (bad != "") {
        out(""); out("Error: 87"); out("")
        out("The " substr(bad, 2) " option is unknown.")
        out("For more information, refer to the help by running DISM.exe /?.")
        out(""); out("The DISM log file can be found at C:\\Windows\\Logs\\DISM\\dism.log")
        return 87
    }
    out("Image Version: 10.0.26100.1742"); out("")
    serial("standin: dism: component store cleanup (ResetBase: " (reset ? "yes" : "no") ")")
    sh("sleep 1")
    out("[==========================100.0%==========================] ")
    out("The operation completed successfully.")
    return 0
}

# The builder's Windows Update round (powershell -File of a script whose first line is WU_TAG): the stand-in's
# update agent, a shell script (see README "Windows Update"). Only as SYSTEM (a scheduled task) does it install.
function windows_update(path) {
    return sh("sh /lib/standin/windows-update.sh " shq(path))
}
