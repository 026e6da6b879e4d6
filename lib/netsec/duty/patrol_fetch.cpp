// The patrol's fetch through libcurl: limited protocols, size and time.
#include "netsec/duty/patrol_fetch.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#ifndef NETSEC_VERSION
#define NETSEC_VERSION "dev"
#endif

namespace netsec::duty {

namespace {

struct Sink {
    std::string body;
    std::int64_t limit = 0;
    bool too_large = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t n = size * count;
    if (static_cast<std::int64_t>(sink->body.size() + n) > sink->limit) {
        sink->too_large = true;
        return 0; // libcurl stops with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

std::string why_not(CURLcode code, const Sink& sink, const FetchLimits& limits, const char* detail) {
    if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED)
        return _f("the page is larger than the limit of {} bytes", limits.max_bytes);
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return _("the site's host name could not be resolved");
    case CURLE_COULDNT_CONNECT:
        return _("the site refused the connection or could not be reached");
    case CURLE_OPERATION_TIMEDOUT:
        return _f("the site did not answer within {} seconds", limits.timeout_seconds);
    case CURLE_TOO_MANY_REDIRECTS:
        return _("the site redirected more than five times");
    case CURLE_UNSUPPORTED_PROTOCOL:
        return _("the site redirected to a scheme other than http or https");
    case CURLE_PEER_FAILED_VERIFICATION:
        return _("the site's TLS certificate could not be verified");
    case CURLE_FILE_COULDNT_READ_FILE:
        return _("the file could not be read");
    case CURLE_GOT_NOTHING:
        return _("the site closed the connection without answering");
    default:
        return _f("the page could not be fetched: {}", detail[0] ? detail : curl_easy_strerror(code));
    }
}

} // namespace

void check_patrol_url(const std::string& url) {
    auto lower = text::lower_ascii(url);
    if (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("file://")) return;
    throw Error(Exit::usage, _f("the URL '{}' is not http://, https:// or file://", url));
}

Fetched fetch_page(const std::string& url, const FetchLimits& limits) {
    check_patrol_url(url);
    static std::once_flag once;
    static CURLcode global = CURLE_OK;
    std::call_once(once, [] { global = curl_global_init(CURL_GLOBAL_DEFAULT); });
    std::unique_ptr<CURL, void (*)(CURL*)> curl(global == CURLE_OK ? curl_easy_init() : nullptr, curl_easy_cleanup);
    if (!curl) throw Error(Exit::unavailable, _("libcurl could not be started"));
    CURL* h = curl.get();
    Sink sink;
    sink.limit = limits.max_bytes;
    char detail[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_bytes));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, limits.connect_timeout_seconds);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, limits.timeout_seconds);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "netsec-duty-patrol/" NETSEC_VERSION);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
    CURLcode code = curl_easy_perform(h);

    Fetched f;
    f.url = url;
    char* effective = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective) f.url = effective;
    if (code != CURLE_OK) {
        f.error = why_not(code, sink, limits, detail);
        return f;
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status > 0) f.status = static_cast<int>(status);
    char* type = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type && !f.url.starts_with("file:"))
        f.content_type = type;
    f.body = std::move(sink.body);
    return f;
}

} // namespace netsec::duty
