#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the hand-made sample captures (Elastic Defend shape, ecs-and-formats.md §1a).

Deterministic: the same file every run. Usage: python3 samples/tools/make_samples.py samples/
"""
import base64, json, sys, os

class Host:
    def __init__(self, hid, name, ip):
        self.id, self.name, self.ip = hid, name, ip
    def doc(self):
        return {"id": self.id, "name": self.name, "hostname": self.name, "architecture": "arm64", "ip": [self.ip],
                "os": {"type": "macos", "family": "macos", "platform": "macos", "name": "macOS",
                       "version": "14.5", "full": "macOS 14.5", "kernel": "23.5.0"}}

class Capture:
    def __init__(self, seq_base):
        self.events, self.seq = [], seq_base
    def entity(self, host, pid, name):
        return base64.b64encode(f"{host.id[:8]}-{pid}-{name}".encode()).decode()
    def base(self, ts, host, user, dataset, action, category, etype):
        self.seq += 1
        return {"@timestamp": ts, "agent": {"id": "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f", "type": "endpoint", "version": "8.14.1"},
                "data_stream": {"dataset": dataset, "namespace": "default", "type": "logs"}, "ecs": {"version": "8.11.0"},
                "event": {"action": action, "category": [category], "type": [etype], "kind": "event", "module": "endpoint",
                          "dataset": dataset, "created": ts, "id": f"Ns{self.seq:08d}", "sequence": self.seq},
                "host": host.doc(), "user": {"id": user[0], "name": user[1]}}
    def proc(self, ts, host, user, pid, name, exe, args, ppid, pname, pexe, action="exec", etype="start",
             parent_entity=None, signer=None):
        d = self.base(ts, host, user, "endpoint.events.process", action, "process", etype)
        d["process"] = {"entity_id": self.entity(host, pid, name), "pid": pid, "name": name, "executable": exe,
                        "args": args, "args_count": len(args), "command_line": " ".join(args),
                        "parent": {"entity_id": parent_entity or self.entity(host, ppid, pname), "pid": ppid,
                                   "name": pname, "executable": pexe}}
        if signer:
            d["process"]["code_signature"] = {"subject_name": signer, "trusted": True, "signing_id": signer}
        d["message"] = "Endpoint process event"
        self.events.append(d)
        return d
    def net(self, ts, host, user, pid, name, exe, dst, port, domain=None, ppid=1, pname="launchd"):
        d = self.base(ts, host, user, "endpoint.events.network", "connection_attempted", "network", "start")
        d["process"] = {"entity_id": self.entity(host, pid, name), "pid": pid, "name": name, "executable": exe,
                        "parent": {"entity_id": self.entity(host, ppid, pname)}}
        d["source"] = {"ip": host.ip, "port": 50000 + pid % 10000}
        d["destination"] = {"ip": dst, "port": port}
        if domain:
            d["destination"]["domain"] = domain
        d["network"] = {"direction": "egress", "transport": "tcp", "type": "ipv4"}
        d["message"] = "Endpoint network event"
        self.events.append(d)
        return d
    def file(self, ts, host, user, pid, name, exe, path):
        d = self.base(ts, host, user, "endpoint.events.file", "creation", "file", "creation")
        d["process"] = {"entity_id": self.entity(host, pid, name), "pid": pid, "name": name, "executable": exe}
        d["file"] = {"path": path, "name": os.path.basename(path), "extension": path.rsplit(".", 1)[-1]}
        d["message"] = "Endpoint file event"
        self.events.append(d)
    def write(self, path):
        self.events.sort(key=lambda e: e["@timestamp"])
        with open(path, "w") as f:
            for e in self.events:
                f.write(json.dumps(e, separators=(",", ":")) + "\n")

ROOT = ("0", "root")
PSS = "/System/Library/PrivateFrameworks/PackageKit.framework/Versions/A/Resources/package_script_service"
INSTALLER_APP = "/System/Library/CoreServices/Installer.app/Contents/MacOS/Installer"

def mdm(out):
    """A Jamf-pushed package whose postinstall fetches its configuration with curl: the false positive."""
    c = Capture(71000)
    h = Host("5e6f7a8b-1111-4222-8333-944455556666", "mbp-finance-07", "10.20.4.57")
    bob = ("502", "bob")
    t = "2024-06-03T09:"
    # bob's ordinary morning
    c.proc(t + "00:01.000000Z", h, bob, 2101, "zsh", "/bin/zsh", ["-zsh"], 2100, "login", "/usr/bin/login")
    c.proc(t + "00:30.500000Z", h, bob, 2140, "Microsoft Outlook", "/Applications/Microsoft Outlook.app/Contents/MacOS/Microsoft Outlook", ["Microsoft Outlook"], 1, "launchd", "/sbin/launchd")
    c.net(t + "00:31.200000Z", h, bob, 2140, "Microsoft Outlook", "/Applications/Microsoft Outlook.app/Contents/MacOS/Microsoft Outlook", "52.97.146.2", 443, "outlook.office365.com")
    c.proc(t + "02:10.000000Z", h, bob, 2170, "git", "/usr/bin/git", ["git", "fetch"], 2101, "zsh", "/bin/zsh")
    c.net(t + "02:10.400000Z", h, bob, 2170, "git", "/usr/bin/git", "140.82.121.4", 443, "github.com", 2101, "zsh")
    # Jamf pushes a configuration package: jamf → installer → package_script_service → zsh postinstall → curl
    c.proc(t + "05:00.000000Z", h, ROOT, 3001, "jamf", "/usr/local/jamf/bin/jamf", ["jamf", "policy", "-event", "enroll-config"], 1, "launchd", "/sbin/launchd", signer="Jamf Software, LLC")
    c.proc(t + "05:02.100000Z", h, ROOT, 3010, "installer", "/usr/sbin/installer", ["installer", "-pkg", "/Library/Application Support/JAMF/Downloads/CorpConfig-2.4.pkg", "-target", "/"], 3001, "jamf", "/usr/local/jamf/bin/jamf", signer="Software Signing")
    c.proc(t + "05:03.000000Z", h, ROOT, 3020, "package_script_service", PSS, ["package_script_service"], 1, "launchd", "/sbin/launchd", signer="Software Signing")
    c.proc(t + "05:03.250000Z", h, ROOT, 3031, "zsh", "/bin/zsh", ["/bin/zsh", "/tmp/PKInstallSandbox.a1B2c3/Scripts/com.corp.config.pkg.Q2w3/postinstall", "/Library/Application Support/JAMF/Downloads/CorpConfig-2.4.pkg", "/", "/"], 3020, "package_script_service", PSS)
    c.proc(t + "05:04.010000Z", h, ROOT, 3040, "curl", "/usr/bin/curl", ["curl", "-fsS", "--retry", "3", "https://jamf.corp.example/config/CorpConfig.plist", "-o", "/Library/Managed Preferences/com.corp.config.plist"], 3031, "zsh", "/bin/zsh", signer="Software Signing")
    c.net(t + "05:04.180000Z", h, ROOT, 3040, "curl", "/usr/bin/curl", "10.20.0.15", 443, "jamf.corp.example", 3031, "zsh")
    c.file(t + "05:04.600000Z", h, ROOT, 3040, "curl", "/usr/bin/curl", "/Library/Managed Preferences/com.corp.config.plist")
    c.proc(t + "05:04.700000Z", h, ROOT, 3040, "curl", "/usr/bin/curl", ["curl"], 3031, "zsh", "/bin/zsh", action="end", etype="end")
    c.proc(t + "05:05.000000Z", h, ROOT, 3031, "zsh", "/bin/zsh", ["/bin/zsh"], 3020, "package_script_service", PSS, action="end", etype="end")
    c.proc(t + "09:40.000000Z", h, bob, 2190, "Slack", "/Applications/Slack.app/Contents/MacOS/Slack", ["Slack"], 1, "launchd", "/sbin/launchd")
    c.net(t + "09:41.000000Z", h, bob, 2190, "Slack", "/Applications/Slack.app/Contents/MacOS/Slack", "3.121.0.8", 443, "slack.com")
    c.write(out)

def edges(out):
    """Edge cases, one host per case so each stands alone."""
    c = Capture(91000)
    def chain(h, user, t0, t1, parent="package_script_service", shell="bash", net_name="curl", net_user=None, with_parent_start=True):
        if with_parent_start:
            c.proc(t0, h, ROOT, 400, parent, PSS, [parent], 1, "launchd", "/sbin/launchd")
        c.proc(t0, h, user, 410, shell, "/bin/" + shell.lower(), ["/bin/" + shell.lower(), "/tmp/PKInstallSandbox.x/Scripts/postinstall"], 400, parent, PSS)
        c.net(t1, h, net_user or user, 420, net_name, "/usr/bin/" + net_name.lower(), "198.51.100.7", 443,
              "updates.example.com", 410, shell)
    # 1. exactly 30.000 s after the shell: inside the inclusive maxspan
    chain(Host("edge-0001-4000-8000-000000000001", "edge-maxspan-in", "10.0.0.11"), ROOT, "2024-07-01T10:00:00.000000Z", "2024-07-01T10:00:30.000000Z")
    # 2. 30.001 s: one millisecond too late
    chain(Host("edge-0002-4000-8000-000000000002", "edge-maxspan-out", "10.0.0.12"), ROOT, "2024-07-01T11:00:00.000000Z", "2024-07-01T11:00:30.001000Z")
    # 3. case variants: `:` is case-insensitive ("Installer", "BASH", "CURL")
    chain(Host("edge-0003-4000-8000-000000000003", "edge-case-variants", "10.0.0.13"), ROOT, "2024-07-01T12:00:00.000000Z", "2024-07-01T12:00:02.000000Z", parent="Installer", shell="BASH", net_name="CURL")
    # 4. the network event runs as another user: no join on user.id
    chain(Host("edge-0004-4000-8000-000000000004", "edge-other-user", "10.0.0.14"), ROOT, "2024-07-01T13:00:00.000000Z", "2024-07-01T13:00:02.000000Z", net_user=("501", "alice"))
    # 5. the parent's start event is not in the capture (the tree infers it)
    chain(Host("edge-0005-4000-8000-000000000005", "edge-no-parent-start", "10.0.0.15"), ROOT, "2024-07-01T14:00:00.000000Z", "2024-07-01T14:00:01.000000Z", with_parent_start=False)
    c.write(out)

if __name__ == "__main__":
    root = sys.argv[1]
    mdm(os.path.join(root, "mdm-config-fetch", "capture.ndjson"))
    edges(os.path.join(root, "edge-cases", "capture.ndjson"))
