# bash completion for imds (imds4j). Load with: source <(imds completion)
_imds() {
    local cur prev words cword
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    local commands="get ls tree identity region credentials user-data tags events watch config serve completion"
    local globals="--endpoint --endpoint-mode --profile --ttl --attempts --connect-timeout --read-timeout --timeout --emulator --verbose --version --help"
    case "$prev" in
        --endpoint-mode) COMPREPLY=($(compgen -W "IPv4 IPv6" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "json env credential-process" -- "$cur")); return ;;
        --spot-action) COMPREPLY=($(compgen -W "terminate stop hibernate" -- "$cur")); return ;;
        --config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --endpoint|--profile|--ttl|--attempts|--connect-timeout|--read-timeout|--timeout|--role|--interval|--port|--host|--spot-in|--rebalance-in|--maintenance-in|--terminate-in) return ;;
    esac
    local command="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            --endpoint|--endpoint-mode|--profile|--ttl|--attempts|--connect-timeout|--read-timeout|--timeout) ((i++)) ;;
            -*) ;;
            *) command="${COMP_WORDS[i]}"; break ;;
        esac
    done
    local own=""
    case "$command" in
        "") COMPREPLY=($(compgen -W "$commands $globals" -- "$cur")); return ;;
        get|tree|tags|events|config) own="--json" ;;
        credentials) own="--role --format" ;;
        user-data) own="--decompress" ;;
        watch) own="--interval --exit-on-notice" ;;
        serve) own="--port --host --config --log --imdsv1 --spot-in --spot-action --rebalance-in --maintenance-in --terminate-in" ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$own $globals" -- "$cur"))
    elif [[ "$command" == get || "$command" == ls || "$command" == tree ]]; then
        COMPREPLY=($(compgen -W "/latest/meta-data/ /latest/dynamic/instance-identity/document /latest/user-data" -- "$cur"))
    fi
}
complete -F _imds imds
