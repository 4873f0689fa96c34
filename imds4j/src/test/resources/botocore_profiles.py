"""The oracle for ProfileFileTest: reads an AWS config file the way botocore does.

botocore's configloader.raw_config_parse runs configparser.RawConfigParser over the file, and
build_profile_map maps its sections to profiles; both steps are reproduced here with the
standard library only (the mapping is botocore's few lines), so the test needs no botocore.
Takes any number of files; prints one JSON object mapping each file to
{"profiles": {name: {key: value}}} or {"error": "..."}.
"""
import configparser
import json
import shlex
import sys


def profile_map(path):
    cp = configparser.RawConfigParser()
    try:
        cp.read([path], encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as e:
        return {"error": type(e).__name__}
    profiles = {}
    for section in cp.sections():
        values = {option: cp.get(section, option) for option in cp.options(section)}
        for value in values.values():
            if value.startswith("\n"):
                # botocore's _parse_nested: every line of a nested value is key = value
                for line in value.splitlines():
                    if line.strip() and "=" not in line:
                        return {"error": "ConfigParseError"}
        if section.startswith("profile"):
            try:
                parts = shlex.split(section)
            except ValueError:
                continue
            if len(parts) == 2:
                profiles[parts[1]] = values
        elif section == "default":
            profiles[section] = values
    return {"profiles": profiles}


if __name__ == "__main__":
    print(json.dumps({path: profile_map(path) for path in sys.argv[1:]}, sort_keys=True))
