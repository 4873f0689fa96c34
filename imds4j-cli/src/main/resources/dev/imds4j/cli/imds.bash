# bash completion for imds (imds4j). Load with: source <(imds completion)
#
# Commands, options and their values; metadata paths for get, ls and tree (ls and tree: folders
# only) from the categories AWS documents, and from IMDS itself below folders whose children
# differ per instance (role names, MAC addresses, tag keys), by running 'imds --attempts 1 ls'
# with the endpoint, profile and timeout options of the line being completed (their values
# dequoted, never evaluated); names ls has to escape (control characters, backslashes) are not
# offered. Bash splits words at ':' and '=', which would cut a URL or --option=value in pieces;
# they are joined first. --config completes file names, each one candidate whatever it holds
# (spaces, glob characters, line feeds, quotes).

# The categories AWS documents under /latest/, and those IMDS serves that its tables do not name
# (profile, system, hibernation/configured, rsa2048, dsa2048, security-credentials-extended); a
# name ending in / is a folder whose children are listed live. CompletionCategoriesTest checks
# the list against the emulator's.
_imds_paths="meta-data/ami-id meta-data/ami-launch-index meta-data/ami-manifest-path
meta-data/ancestor-ami-ids meta-data/autoscaling/target-lifecycle-state
meta-data/block-device-mapping/ meta-data/elastic-gpus/associations/
meta-data/elastic-inference/associations/ meta-data/events/maintenance/history
meta-data/events/maintenance/scheduled meta-data/events/recommendations/rebalance
meta-data/hibernation/configured meta-data/hostname meta-data/iam/info
meta-data/iam/security-credentials/ meta-data/iam/security-credentials-extended/
meta-data/identity-credentials/ec2/info
meta-data/identity-credentials/ec2/security-credentials/ec2-instance meta-data/instance-action
meta-data/instance-id meta-data/instance-life-cycle meta-data/instance-type meta-data/ipv6
meta-data/kernel-id meta-data/local-hostname meta-data/local-ipv4 meta-data/mac
meta-data/metrics/vhostmd meta-data/network/interfaces/macs/
meta-data/placement/availability-zone meta-data/placement/availability-zone-id
meta-data/placement/group-name meta-data/placement/host-id meta-data/placement/partition-number
meta-data/placement/region meta-data/product-codes meta-data/profile meta-data/public-hostname
meta-data/public-ipv4 meta-data/public-keys/ meta-data/ramdisk-id meta-data/reservation-id
meta-data/security-groups meta-data/services/domain meta-data/services/partition
meta-data/spot/instance-action meta-data/spot/termination-time meta-data/system
meta-data/tags/instance/ dynamic/fws/instance-monitoring dynamic/instance-identity/document
dynamic/instance-identity/dsa2048 dynamic/instance-identity/pkcs7
dynamic/instance-identity/rsa2048 dynamic/instance-identity/signature user-data"

# Sets words and cword from COMP_WORDS, joining the pieces bash cut at ':' or '=' with no
# space between them: http://127.0.0.1:1338 is one word again.
_imds_words() {
    local line="${COMP_LINE:0:COMP_POINT}" rest w i j=-1
    words=()
    for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
        w="${COMP_WORDS[i]}"
        rest="${line#"${line%%[![:space:]]*}"}"
        if ((j >= 0 && ${#rest} == ${#line})) \
                && [[ "$w" == [:=]* || "${words[j]}" == *[:=] ]]; then
            words[j]+="$w"
        else
            words[++j]="$w"
        fi
        line="${rest:${#w}}"
    done
    ((j < 0)) && words=("")
    cword=$((j < 0 ? 0 : j))
}

# Sets REPLY to $1 as the shell reads it, quotes removed, without running or expanding anything:
# '...' is literal, "..." takes \" \\ \$ \` escapes, a backslash outside quotes escapes the next
# character; a quote left open (the cursor is inside it) runs to the end.
_imds_dequote() {
    local s="$1" out="" c q="" i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        if [[ "$q" == "'" ]]; then
            if [[ "$c" == "'" ]]; then q=""; else out+="$c"; fi
        elif [[ "$q" == '"' ]]; then
            if [[ "$c" == '"' ]]; then
                q=""
            elif [[ "$c" == '\' && "${s:i+1:1}" == [\"\\\$\`] ]]; then
                out+="${s:i+1:1}"
                ((i++))
            else
                out+="$c"
            fi
        elif [[ "$c" == "'" || "$c" == '"' ]]; then
            q="$c"
        elif [[ "$c" == '\' ]]; then
            out+="${s:i+1:1}"
            ((i++))
        else
            out+="$c"
        fi
    done
    REPLY="$out"
}

# Adds to COMPREPLY each candidate (one per line on stdin) that starts with $1, shell-quoted
# when it needs to be. Candidates are never expanded (compgen -W would run a $(...) in one).
_imds_add() {
    local prefix="$1" c
    while IFS= read -r c; do
        if [[ -n "$c" && "$c" == "$prefix"* ]]; then
            if [[ "$c" == *[^A-Za-z0-9_./:=@+,%-]* ]]; then
                c="$(printf '%q' "$c")"
            fi
            COMPREPLY+=("$c")
        fi
    done
}

# Bash replaces only what follows the last word break character of the word being completed;
# drop that much from each reply.
_imds_trim() {
    local i prefix=""
    for ((i = ${#cur} - 1; i >= 0; i--)); do
        if [[ "$COMP_WORDBREAKS" == *"${cur:i:1}"* ]]; then
            prefix="${cur:0:i+1}"
            break
        fi
    done
    if [[ -n "$prefix" ]]; then
        COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
    fi
}

# Sets REPLY to the length of what readline will not replace at the start of word $1, dequoted:
# readline replaces only the text after the last word break character (COMP_WORDBREAKS) that
# is not quoted, or after the quote still open at the cursor; the quotes of a closed pair are
# no break. In 'quote'\'' it keeps quote' and replaces what follows the last quote.
_imds_kept() {
    local s="$1" q="" c i start=0 opened=0
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        if [[ "$q" == "'" ]]; then
            [[ "$c" == "'" ]] && q=""
        elif [[ "$q" == '"' ]]; then
            if [[ "$c" == '"' ]]; then
                q=""
            elif [[ "$c" == '\' && "${s:i+1:1}" == [\"\\\$\`] ]]; then
                ((i++))
            fi
        elif [[ "$c" == '\' ]]; then
            ((i++))
        elif [[ "$c" == "'" || "$c" == '"' ]]; then
            q="$c"
            opened=$((i + 1))
        elif [[ "$COMP_WORDBREAKS" == *"$c"* ]]; then
            start=$((i + 1))
        fi
    done
    [[ -n "$q" ]] && start=$opened
    _imds_dequote "${s:0:start}"
    REPLY=${#REPLY}
}

# Completes file names for the word $1 as typed: each file one candidate whatever its name holds
# (a line feed, spaces, glob characters, quotes), from a glob on the dequoted word taken
# literally, never from compgen's line-per-name output and never evaluated. Readline quotes what
# it inserts (-o filenames); when it will keep part of the word (after a quote, or a word break
# such as ':'), the candidates start where it replaces, and folders get their '/' here, since
# readline could not find them by the shortened name.
_imds_files() {
    local path kept files=() f nullglob=-u failglob=-u
    _imds_dequote "$1"
    path="$REPLY"
    _imds_kept "$1"
    kept=$REPLY
    # the user's glob settings are theirs: set ours for one glob, then put theirs back
    shopt -q nullglob && nullglob=-s
    shopt -q failglob && failglob=-s
    shopt -s nullglob
    shopt -u failglob
    files=("$path"*)
    shopt "$nullglob" nullglob
    shopt "$failglob" failglob
    compopt -o filenames 2>/dev/null
    COMPREPLY=()
    for f in "${files[@]}"; do
        if ((kept > 0)); then
            [[ -d "$f" ]] && f+="/"
            COMPREPLY+=("${f:kept}")
        else
            COMPREPLY+=("$f")
        fi
    done
    if ((kept > 0 && ${#COMPREPLY[@]} == 1)) && [[ "${COMPREPLY[0]}" == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
}

# Prints the children of a folder under /latest/ ($1: "" or ending in /): from the documented
# categories when they hold any, else as IMDS lists them.
_imds_children() {
    local folder="$1" p rest seen=" " found=""
    for p in $_imds_paths; do
        [[ "$p" == "$folder"?* ]] || continue
        rest="${p#"$folder"}"
        [[ "$rest" == */?* ]] && rest="${rest%%/*}/"
        found=1
        [[ "$seen" == *" $rest "* ]] && continue
        seen+="$rest "
        printf '%s\n' "$rest"
    done
    [[ -n "$found" || -z "$folder" ]] && return
    local cmd="${words[0]}" opts=() k
    [[ "$cmd" == "~/"* ]] && cmd="$HOME/${cmd:2}"
    for ((k = 1; k < cword; k++)); do
        case "${words[k]}" in
            --endpoint|--endpoint-mode|--profile|--attempts|--connect-timeout|--read-timeout|\
            --timeout)
                _imds_dequote "${words[k+1]}"
                opts+=("${words[k]}" "$REPLY")
                ((k++)) ;;
            --endpoint=*|--endpoint-mode=*|--profile=*|--attempts=*|--connect-timeout=*|\
            --read-timeout=*|--timeout=*)
                _imds_dequote "${words[k]#*=}"
                opts+=("${words[k]%%=*}=$REPLY") ;;
            --emulator) opts+=("${words[k]}") ;;
        esac
    done
    "$cmd" --attempts 1 "${opts[@]}" ls "/latest/$folder" 2>/dev/null | while IFS= read -r c; do
        # ls escapes a name with a control character or a backslash (\x1b, \\), and shows
        # one that is not UTF-8 as <N bytes, ...>: the line is not the name, and no
        # completion of it would reach the entry, so it is not offered
        [[ "$c" == *[[:cntrl:]\\]* || "$c" == '<'* ]] && continue
        # ls shows a key pair as IMDS lists it, N=KEY-NAME; its folder is N/
        if [[ "$folder" == meta-data/public-keys/ && "$c" =~ ^[0-9]+= ]]; then
            c="${c%%=*}/"
        fi
        printf '%s\n' "$c"
    done
}

# Completes a metadata path: absolute (/latest/...) or, as the command takes it, relative to
# /latest/meta-data/. $1 is "folders" to offer folders only.
_imds_path() {
    local want="$1" rel absolute="" folder c
    if [[ "$cur" == /latest/* ]]; then
        rel="${cur#/latest/}"
        absolute=1
    elif [[ "$cur" == /* ]]; then
        _imds_add "$cur" <<< "/latest/"
        compopt -o nospace 2>/dev/null
        return
    else
        rel="meta-data/$cur"
    fi
    folder=""
    [[ "$rel" == */* ]] && folder="${rel%/*}/"
    _imds_add "$cur" < <(_imds_children "$folder" | while IFS= read -r c; do
        [[ "$want" == folders && "$c" != */ ]] && continue
        if [[ -n "$absolute" ]]; then
            printf '%s\n' "/latest/$folder$c"
        else
            printf '%s\n' "${folder#meta-data/}$c"
        fi
    done)
    if ((${#COMPREPLY[@]} == 1)) && [[ "${COMPREPLY[0]}" == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
}

# Whether an option takes a value.
_imds_valued() {
    case "$1" in
        --endpoint|--endpoint-mode|--profile|--ttl|--attempts|--connect-timeout|--read-timeout|\
        --timeout|--role|--format|--interval|--port|--host|--config|--spot-in|--spot-action|\
        --rebalance-in|--maintenance-in|--terminate-in|--feature|--throttle-rate|\
        --throttle-concurrency|--throttle-mode) return 0 ;;
    esac
    return 1
}

_imds() {
    local cur prev words cword REPLY
    _imds_words
    cur="${words[cword]}"
    prev=""
    ((cword > 0)) && prev="${words[cword-1]}"
    COMPREPLY=()
    local commands="get ls tree identity region credentials user-data tags events watch config
        serve completion"
    local globals="--endpoint --endpoint-mode --profile --ttl --attempts --connect-timeout
        --read-timeout --timeout --emulator --verbose --version --help"

    # the value of an option: --opt VALUE or --opt=VALUE
    local option="" value="$cur"
    if [[ "$cur" == --*=* ]]; then
        option="${cur%%=*}"
        value="${cur#*=}"
    elif [[ "$prev" == --* && "$cur" != -* ]]; then
        option="$prev"
    fi
    local values=""
    case "$option" in
        --endpoint-mode) values="IPv4 IPv6" ;;
        --format) values="json env credential-process" ;;
        --spot-action) values="terminate stop hibernate" ;;
        --throttle-mode) values="stall drop 429" ;;
        --feature) values="ipv6 placementGroup dedicatedHost productCodes kernelAndRamdisk
            instanceStore elasticGpu elasticInference ancestorAmiIds prefixDelegation
            detailedMonitoring" ;;
        --config)
            _imds_files "$value"
            return ;;
    esac
    if [[ -n "$values" ]]; then
        _imds_add "$value" < <(printf '%s\n' $values)
        if [[ "$cur" == --*=* ]]; then
            COMPREPLY=("${COMPREPLY[@]/#/$option=}")
            _imds_trim
        fi
        return
    fi
    if [[ -n "$option" ]] && _imds_valued "$option"; then
        return
    fi

    local command="" i
    for ((i = 1; i < cword; i++)); do
        case "${words[i]}" in
            --) command="${words[i+1]}"; break ;;
            --*=*) ;;
            -*) _imds_valued "${words[i]}" && ((i++)) ;;
            *) command="${words[i]}"; break ;;
        esac
    done
    local own="" paths=""
    case "$command" in
        "")
            if [[ "$cur" == -* ]]; then
                _imds_add "$cur" < <(printf '%s\n' $globals)
            else
                _imds_add "$cur" < <(printf '%s\n' $commands)
            fi
            _imds_trim
            return ;;
        get) own="--json --show-secrets"; paths=all ;;
        ls) own="--json"; paths=folders ;;
        tree) own="--json --show-secrets"; paths=folders ;;
        identity|region|events|config) own="--json" ;;
        tags) own="--json --show-secrets" ;;
        credentials) own="--role --format --json --show-secrets" ;;
        user-data) own="--decompress" ;;
        watch) own="--interval --exit-on-notice --json" ;;
        serve)
            own="--port --host --config --log --imdsv1 --feature --throttle-rate
                --throttle-concurrency --throttle-mode --spot-in --spot-action --rebalance-in
                --maintenance-in --terminate-in --verbose --version --help" ;;
        completion) own="--verbose --version --help" ;;
        *) return ;;
    esac
    if [[ "$command" != serve && "$command" != completion ]]; then
        own="$own $globals"
    fi
    if [[ "$cur" == -* || -z "$paths" ]]; then
        _imds_add "$cur" < <(printf '%s\n' $own)
    else
        _imds_path "$paths"
    fi
    _imds_trim
}
complete -F _imds imds
