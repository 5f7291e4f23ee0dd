# xml.awk - flatten an unattend answer file into "PATH<TAB>VALUE" lines, one per leaf element.
#
# PATH is the chain of element names from the root, each followed by "#N" (its index among
# same-named siblings). Two elements are decorated so that queries can name them:
#   settings  -> settings@<pass>             e.g. settings@windowsPE#1
#   component -> component@<name>            e.g. component@Microsoft-Windows-Setup#1
# A component whose processorArchitecture is not amd64 becomes component@<name>@<arch>, so it
# never matches a query: Setup on x64 ignores x86 components (a classic answer-file mistake).
# Namespace prefixes are dropped from element names. VALUE is the text with XML entities decoded
# (&amp; &lt; &gt; &quot; &apos; &#N; &#xH;), trimmed, newlines and tabs turned into spaces.
# Runs under busybox awk.
BEGIN { RS = "\001" }
{ doc = doc $0 }
END {
    sub(/^\357\273\277/, "", doc)
    n = length(doc); pos = 1; depth = 0
    while (pos <= n) {
        rest = substr(doc, pos)
        lt = index(rest, "<")
        if (lt == 0) break
        if (depth > 0) txt[depth] = txt[depth] substr(rest, 1, lt - 1)
        pos += lt - 1
        if (substr(doc, pos, 4) == "<!--") {
            e = index(substr(doc, pos), "-->"); if (e == 0) break
            pos += e + 2; continue
        }
        if (substr(doc, pos, 9) == "<![CDATA[") {
            e = index(substr(doc, pos), "]]>"); if (e == 0) break
            cd = substr(doc, pos + 9, e - 10); gsub(/&/, "\\&amp;", cd)
            if (depth > 0) txt[depth] = txt[depth] cd
            pos += e + 2; continue
        }
        if (substr(doc, pos, 2) == "<?") {
            e = index(substr(doc, pos), "?>"); if (e == 0) break
            pos += e + 1; continue
        }
        if (substr(doc, pos, 2) == "<!") {
            e = index(substr(doc, pos), ">"); if (e == 0) break
            pos += e; continue
        }
        i = pos + 1; q = ""
        while (i <= n) {
            c = substr(doc, i, 1)
            if (q != "") { if (c == q) q = "" }
            else if (c == "\"" || c == "'") q = c
            else if (c == ">") break
            i++
        }
        tag = substr(doc, pos + 1, i - pos - 1); pos = i + 1
        if (substr(tag, 1, 1) == "/") {
            if (depth > 0) {
                if (!haschild[depth]) emit(path[depth], txt[depth])
                depth--
            }
            continue
        }
        selfclose = 0
        if (substr(tag, length(tag)) == "/") { selfclose = 1; tag = substr(tag, 1, length(tag) - 1) }
        match(tag, /^[^ \t\r\n]+/)
        name = substr(tag, 1, RLENGTH); attrs = substr(tag, RLENGTH + 1)
        sub(/^.*:/, "", name)
        deco = name
        if (name == "settings") deco = name "@" attr(attrs, "pass")
        else if (name == "component") {
            deco = name "@" attr(attrs, "name")
            arch = attr(attrs, "processorArchitecture")
            if (arch != "" && tolower(arch) != "amd64") deco = deco "@" arch
        }
        if (depth > 0) haschild[depth] = 1
        parent = (depth > 0) ? path[depth] : ""
        key = parent "/" deco
        cnt[key]++
        depth++; path[depth] = key "#" cnt[key]; txt[depth] = ""; haschild[depth] = 0
        if (selfclose) { emit(path[depth], ""); depth-- }
    }
}

function attr(s, nm,    re, v) {
    re = "(^|[ \t\r\n])" nm "[ \t\r\n]*=[ \t\r\n]*(\"[^\"]*\"|'[^']*')"
    if (!match(s, re)) return ""
    v = substr(s, RSTART, RLENGTH)
    sub(/^[^=]*=[ \t\r\n]*/, "", v)
    return decode(substr(v, 2, length(v) - 2))
}

function emit(p, t) {
    gsub(/\r\n|[\r\n\t]/, " ", t)
    t = decode(t)
    sub(/^[ ]+/, "", t); sub(/[ ]+$/, "", t)
    print p "\t" t
}

function hexval(h,    i, v, c) {
    v = 0; h = tolower(h)
    for (i = 1; i <= length(h); i++) { c = index("0123456789abcdef", substr(h, i, 1)); if (c == 0) return -1; v = v * 16 + c - 1 }
    return v
}

function utf8(cp) {
    if (cp < 128) return sprintf("%c", cp)
    if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
    if (cp < 65536) return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
    return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64, 128 + int(cp / 64) % 64, 128 + cp % 64)
}

function decode(s,    out, a, e, ent, cp) {
    out = ""
    while ((a = index(s, "&")) > 0) {
        out = out substr(s, 1, a - 1); s = substr(s, a)
        e = index(s, ";")
        if (e == 0 || e > 12) { out = out "&"; s = substr(s, 2); continue }
        ent = substr(s, 2, e - 2); s = substr(s, e + 1)
        if (ent == "amp") out = out "&"
        else if (ent == "lt") out = out "<"
        else if (ent == "gt") out = out ">"
        else if (ent == "quot") out = out "\""
        else if (ent == "apos") out = out "'"
        else if (ent ~ /^#[xX][0-9a-fA-F]+$/) { cp = hexval(substr(ent, 3)); out = out utf8(cp) }
        else if (ent ~ /^#[0-9]+$/) { cp = substr(ent, 2) + 0; out = out utf8(cp) }
        else out = out "&" ent ";"
    }
    return out s
}
