#!/usr/bin/env python3
"""What an admin would otherwise write to see what changes between two models-config folders:
load both with PyYAML's libyaml loader, match objects by (group, kind, namespace, name), and
list created, deleted and updated objects with the paths of the fields that changed.

Usage: plan_diff.py CURRENT DESIRED
"""
import os
import sys

import yaml


def load(folder):
    objects = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            with open(os.path.join(root, name)) as f:
                for doc in yaml.load_all(f, Loader=yaml.CSafeLoader):
                    if not doc:
                        continue
                    meta = doc.get("metadata") or {}
                    group = doc.get("apiVersion", "").rpartition("/")[0]
                    key = (group, doc.get("kind"), meta.get("namespace"), meta.get("name"))
                    objects[key] = doc
    return objects


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if k not in a:
                out.append(f"{p}: added")
            elif k not in b:
                out.append(f"{p}: removed")
            else:
                diff(a[k], b[k], p, out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {a!r} -> {b!r}")


def main():
    have, want = load(sys.argv[1]), load(sys.argv[2])
    counts = {"create": 0, "update": 0, "delete": 0}
    for key in sorted(want, key=str):
        if key not in have:
            counts["create"] += 1
            print("+", "/".join(str(k) for k in key[1:]))
        elif have[key] != want[key]:
            counts["update"] += 1
            print("~", "/".join(str(k) for k in key[1:]))
            changes = []
            diff(have[key], want[key], "", changes)
            for c in changes:
                print("    " + c)
    for key in sorted(have, key=str):
        if key not in want:
            counts["delete"] += 1
            print("-", "/".join(str(k) for k in key[1:]))
    print(f"Plan: {counts['create']} to create, {counts['update']} to update, {counts['delete']} to delete.")


if __name__ == "__main__":
    main()
