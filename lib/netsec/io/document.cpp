#include "netsec/io/document.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/time.hpp"

#include <sstream>
#include <yaml-cpp/yaml.h>

namespace netsec::io {
namespace {

// Text with control characters goes double-quoted, where YAML writes them as escapes.
void scalar(YAML::Emitter& out, const std::string& s) {
    if (s.empty() || terminal_safe(s) != s)
        out << YAML::DoubleQuoted << s;
    else
        out << s;
}

void emit(YAML::Emitter& out, const nlohmann::ordered_json& v) {
    if (v.is_object()) {
        out << YAML::BeginMap;
        for (auto it = v.begin(); it != v.end(); ++it) {
            out << YAML::Key;
            scalar(out, it.key());
            out << YAML::Value;
            emit(out, it.value());
        }
        out << YAML::EndMap;
    } else if (v.is_array()) {
        out << YAML::BeginSeq;
        for (const auto& item : v) emit(out, item);
        out << YAML::EndSeq;
    } else if (v.is_string()) {
        scalar(out, v.get_ref<const std::string&>());
    } else if (v.is_null()) {
        out << YAML::Null;
    } else {
        out << v.dump();
    }
}

void flatten(const nlohmann::ordered_json& v, const std::string& prefix, Records& out) {
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it)
            flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) flatten(v[i], prefix + "[" + std::to_string(i) + "]", out);
    } else {
        // An empty value is an empty cell, as in every table of records (DESIGN.md, Output).
        out.rows.push_back(
            {{"key", prefix}, {"value", v.is_string() ? v : nlohmann::ordered_json(v.is_null() ? "" : v.dump())}});
    }
}

bool time_key(const std::string& key) { return key.size() > 3 && key.compare(key.size() - 3, 3, "_at") == 0; }

void localize(nlohmann::ordered_json& v, const std::string& zone) {
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (time_key(it.key()) && it.value().is_string()) {
                std::string text = it.value().get<std::string>();
                if (text.find('T') == std::string::npos) continue; // already a person's form
                try {
                    it.value() = timeutil::format_local(timeutil::parse_time(text, "UTC"), zone);
                } catch (const Error&) {
                }
            } else {
                localize(it.value(), zone);
            }
        }
    } else if (v.is_array()) {
        for (auto& item : v) localize(item, zone);
    }
}

} // namespace

nlohmann::ordered_json with_local_times(nlohmann::ordered_json doc, const std::string& zone) {
    localize(doc, zone);
    return doc;
}

std::string to_yaml(const nlohmann::ordered_json& doc) {
    YAML::Emitter out;
    out.SetOutputCharset(YAML::EmitNonAscii);
    emit(out, doc);
    // yaml-cpp escapes every control character but DEL; DEL only occurs double-quoted (scalar).
    std::string text;
    for (const char* p = out.c_str(); *p; ++p) {
        if (*p == '\x7f')
            text += "\\x7f";
        else
            text += *p;
    }
    return text + "\n";
}

std::string render_document(const nlohmann::ordered_json& doc, Format format, const std::string& zone) {
    constexpr auto replace = nlohmann::json::error_handler_t::replace;
    switch (format) {
    case Format::json: return doc.dump(2, ' ', false, replace) + "\n";
    case Format::jsonl: return doc.dump(-1, ' ', false, replace) + "\n";
    case Format::csv:
    case Format::tsv: {
        Records r;
        r.columns = {{"key"}, {"value"}};
        flatten(doc, "", r);
        std::ostringstream s;
        write_records(s, format, r, {});
        return s.str();
    }
    case Format::automatic:
    case Format::table: break;
    }
    return to_yaml(with_local_times(doc, zone));
}

} // namespace netsec::io
