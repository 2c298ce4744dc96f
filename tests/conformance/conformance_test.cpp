// SPDX-License-Identifier: Apache-2.0
// Runs Elasticsearch's own EQL QA specs (../shared/conformance/es-eql-qa) against the engine, the
// way Elasticsearch's Java harness does (see that folder's README): the same data transforms,
// request parameters and comparison of flattened ids and join keys. One test per case, each run
// with both result positions. Skips cleanly when the folder is not there.
#include "eql/engine.h"
#include "eql/indexmapping.h"
#include "eql/parser.h"
#include "eql/printer.h"
#include "load/capturecache.h"
#include "load/captureloader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <toml++/toml.h>

namespace fs = std::filesystem;
using namespace wb;

namespace {

const fs::path SuiteDir = EQLWB_CONFORMANCE_DIR;

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Case {
    std::string suite, file, name, query;
    std::vector<std::vector<std::int64_t>> expected; // alternatives
    std::vector<std::string> joinKeys;
    std::optional<std::int64_t> size;
    std::optional<std::int64_t> maxSamplesPerKey;
};

struct Suite {
    std::string name;
    std::vector<std::string> specs, data, mappings;
    std::string tiebreaker, idField;
    bool filetime = false;
};

// A loaded suite: the store, schema and engine shared by its cases.
struct LoadedSuite {
    EventStore store;
    std::unique_ptr<eql::Schema> schema;
    std::unique_ptr<eql::Engine> engine;
    FieldId idField = FieldTable::npos;
    std::string tiebreaker;
    std::string error;
};

std::vector<Suite> suites() {
    std::vector<Suite> out;
    const nlohmann::json j = nlohmann::json::parse(readText(SuiteDir / "suites.json"));
    for (const auto& s : j["suites"]) {
        Suite suite;
        suite.name = s["name"];
        suite.specs = s["specs"].get<std::vector<std::string>>();
        suite.data = s["data"].get<std::vector<std::string>>();
        if (s["mapping"].is_array())
            suite.mappings = s["mapping"].get<std::vector<std::string>>();
        else
            suite.mappings = {s["mapping"].get<std::string>()};
        suite.tiebreaker = s["tiebreaker_field"].is_null() ? "" : s["tiebreaker_field"].get<std::string>();
        suite.idField = s["id_field"];
        suite.filetime = s.value("timestamp_transform", "") == "filetime_to_epoch_millis";
        out.push_back(suite);
    }
    return out;
}

// test_extra.toml writes bare `null` inside join_keys; the harness reads it as "null".
std::string quoteBareNullKeys(std::string text) {
    static const std::regex keys(R"(join_keys\s*=\s*\[[^\]]*\])");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), keys);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        out += text.substr(last, std::size_t(it->position()) - last);
        std::string span = it->str();
        span = std::regex_replace(span, std::regex(R"((^|[^"\w])null(?=[^"\w]|$))"), "$1\"null\"");
        out += span;
        last = std::size_t(it->position() + it->length());
    }
    return out + text.substr(last);
}

std::vector<Case> loadCases() {
    std::vector<Case> cases;
    if (!fs::exists(SuiteDir / "suites.json")) return cases;
    for (const Suite& suite : suites())
        for (const std::string& spec : suite.specs) {
            const toml::table table = toml::parse(quoteBareNullKeys(readText(SuiteDir / spec)), spec);
            const toml::array* queries = table["queries"].as_array();
            if (!queries) continue;
            for (const auto& node : *queries) {
                const toml::table& q = *node.as_table();
                Case c;
                c.suite = suite.name;
                c.file = spec;
                c.name = q["name"].value_or(std::string());
                c.query = q["query"].value_or(std::string());
                const toml::array& expected = *q["expected_event_ids"].as_array();
                if (!expected.empty() && expected[0].is_array()) {
                    for (const auto& alt : expected) {
                        std::vector<std::int64_t> ids;
                        for (const auto& id : *alt.as_array())
                            ids.push_back(id.value_or<std::int64_t>(0));
                        c.expected.push_back(ids);
                    }
                } else {
                    std::vector<std::int64_t> ids;
                    for (const auto& id : expected)
                        ids.push_back(id.value_or<std::int64_t>(0));
                    c.expected.push_back(ids);
                }
                if (const toml::array* keys = q["join_keys"].as_array())
                    for (const auto& k : *keys)
                        c.joinKeys.push_back(k.value_or(std::string()));
                if (auto size = q["size"].value<std::int64_t>()) c.size = *size;
                if (auto m = q["max_samples_per_key"].value<std::int64_t>()) c.maxSamplesPerKey = *m;
                cases.push_back(std::move(c));
            }
        }
    return cases;
}

// The endgame data carries Windows FILETIME; the harness adds @timestamp in epoch millis.
fs::path withEpochTimestamps(const fs::path& source, const fs::path& dir) {
    nlohmann::json docs = nlohmann::json::parse(readText(source));
    for (auto& d : docs) {
        const std::int64_t filetime = d["timestamp"].get<std::int64_t>();
        d["@timestamp"] = filetime / 10000 - 11644473600000LL;
    }
    const fs::path out = dir / source.filename();
    std::ofstream(out) << docs.dump();
    return out;
}

LoadedSuite& loaded(const std::string& name) {
    static std::map<std::string, std::unique_ptr<LoadedSuite>> cache;
    auto& slot = cache[name];
    if (slot) return *slot;
    slot = std::make_unique<LoadedSuite>();
    for (const Suite& suite : suites()) {
        if (suite.name != name) continue;
        const fs::path tmp = fs::temp_directory_path() / ("eqlwb-conformance-" + std::to_string(::getpid()));
        fs::create_directories(tmp);
        std::vector<std::string> paths;
        std::map<std::string, eql::IndexMapping> mappings;
        for (std::size_t i = 0; i < suite.data.size(); ++i) {
            fs::path data = SuiteDir / suite.data[i];
            if (suite.filetime) data = withEpochTimestamps(data, tmp);
            paths.push_back(data.string());
            // The harness replaces this placeholder with keyword or wildcard at random; both are
            // exact string fields.
            std::string mappingText = readText(SuiteDir / suite.mappings[std::min(i, suite.mappings.size() - 1)]);
            mappingText = std::regex_replace(mappingText, std::regex(R"(\[runtime_random_keyword_type\])"), "keyword");
            mappings.emplace(CaptureLoader::indexNameForPath(data.string()), eql::IndexMapping::parse(mappingText));
        }
        LoadOptions options;
        options.requireTimestamp = false;
        LoadReport report;
        if (std::getenv("EQLWB_CONFORMANCE_THROUGH_CACHE")) {
            // The same suite from the capture cache: written by a first load, read by this one.
            const CaptureCache cache((tmp / "cache").string());
            options.cache = &cache;
            EventStore first;
            CaptureLoader(first, options).load(paths);
            report = CaptureLoader(slot->store, options).load(paths);
            if (!report.fromCache) slot->error = "not read back from the capture cache: " + report.cacheNote;
        } else {
            report = CaptureLoader(slot->store, options).load(paths);
        }
        fs::remove_all(tmp);
        if (report.skipped > 0) slot->error = "skipped records while loading " + name;
        slot->schema = std::make_unique<eql::Schema>(slot->store, std::move(mappings));
        slot->engine = std::make_unique<eql::Engine>(*slot->schema);
        slot->idField = slot->store.fields().find(suite.idField);
        slot->tiebreaker = suite.tiebreaker;
    }
    return *slot;
}

std::string joined(const std::vector<std::int64_t>& ids) {
    std::string s = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        s += (i ? ", " : "") + std::to_string(ids[i]);
    return s + "]";
}

class ConformanceCase : public testing::Test {
public:
    explicit ConformanceCase(Case c)
        : m_case(std::move(c)) { }
    void TestBody() override {
        LoadedSuite& suite = loaded(m_case.suite);
        ASSERT_TRUE(suite.error.empty()) << suite.error;
        eql::Query query;
        try {
            query = eql::parseQuery(m_case.query);
        } catch (const eql::QueryError& e) {
            FAIL() << "query rejected: " << e.what() << "\n" << m_case.query;
        }
        // The printer's canonical text must parse back to the same query.
        const std::string printed = eql::toEql(query);
        const eql::Query reparsed = eql::parseQuery(printed);
        EXPECT_TRUE(reparsed.sameAs(query)) << "printer round trip changed the query:\n" << printed;

        for (auto position : {eql::RunOptions::Position::Head, eql::RunOptions::Position::Tail}) {
            SCOPED_TRACE(position == eql::RunOptions::Position::Head ? "result_position=head" : "result_position=tail");
            eql::RunOptions options;
            options.categoryField = "event.category";
            options.tiebreakerField = suite.tiebreaker;
            options.size = m_case.size.value_or(50);
            options.resultPosition = position;
            if (m_case.maxSamplesPerKey) options.maxSamplesPerKey = *m_case.maxSamplesPerKey;
            eql::QueryResult result;
            try {
                result = suite.engine->run(query, options);
            } catch (const eql::QueryError& e) {
                FAIL() << "query rejected at run time: " << e.what();
            }
            auto idOf = [&](EventIndex e) {
                std::int64_t id = -2;
                suite.store.forEachValue(e, suite.idField, [&](const Value& v) {
                    if (v.kind == ValueKind::Int) id = v.integer;
                });
                return id;
            };
            std::vector<std::int64_t> ids;
            std::vector<std::string> keys;
            if (result.kind == eql::Query::Kind::Event) {
                for (EventIndex e : result.events)
                    ids.push_back(idOf(e));
            } else {
                for (const eql::Match& m : result.matches) {
                    for (const auto& e : m.events)
                        ids.push_back(e ? idOf(*e) : -1);
                    for (const eql::KeyValue& k : m.joinKeys)
                        keys.push_back(k.text(result.kind == eql::Query::Kind::Sample));
                }
            }
            bool any = false;
            for (const auto& alt : m_case.expected)
                any = any || alt == ids;
            std::string expected;
            for (const auto& alt : m_case.expected)
                expected += joined(alt) + " ";
            EXPECT_TRUE(any) << m_case.file << " " << m_case.name << "\n  query:    " << m_case.query
                             << "\n  expected: " << expected << "\n  actual:   " << joined(ids);
            if (!m_case.joinKeys.empty()) {
                EXPECT_EQ(keys, m_case.joinKeys) << "join keys";
            }
        }
    }

private:
    Case m_case;
};

class MissingSuite : public testing::Test {
public:
    void TestBody() override {
        GTEST_SKIP() << "conformance suite not found at " << SuiteDir
                     << " (it lives in ../shared beside the repository; CI has it)";
    }
};

} // namespace

int main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);
    std::vector<Case> cases;
    try {
        cases = loadCases();
    } catch (const std::exception& e) {
        std::cerr << "cannot read the conformance specs: " << e.what() << "\n";
        return 1;
    }
    if (cases.empty()) {
        testing::RegisterTest("Conformance", "SuiteAbsent", nullptr, nullptr, __FILE__, __LINE__,
            []() -> testing::Test* { return new MissingSuite(); });
    }
    for (const Case& c : cases) {
        const std::string suiteName = "Conformance_" + std::regex_replace(c.suite, std::regex("[^A-Za-z0-9]"), "_");
        const std::string caseName = std::regex_replace(c.name, std::regex("[^A-Za-z0-9_]"), "_");
        testing::RegisterTest(suiteName.c_str(), caseName.c_str(), nullptr, nullptr, __FILE__, __LINE__,
            [c]() -> testing::Test* { return new ConformanceCase(c); });
    }
    return RUN_ALL_TESTS();
}
