// The patrol's fetch: file:// pages, the size bound, refused schemes and unreachable sites.
#include "netsec/core/error.hpp"
#include "netsec/duty/patrol_fetch.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace netsec;

namespace {
std::string write_page(const std::string& name, const std::string& bytes) {
    auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
}
} // namespace

TEST_CASE("fetch_page reads a file:// page with no status and no content type") {
    auto path = write_page("netsec-patrol-page", "<title>小学</title>");
    auto f = duty::fetch_page("file://" + path);
    std::filesystem::remove(path);
    CHECK(f.error == "");
    CHECK(!f.status);
    CHECK(f.body == "<title>小学</title>");
    CHECK(f.content_type == "");
}

TEST_CASE("fetch_page refuses a page over the size limit without holding it") {
    auto path = write_page("netsec-patrol-big", std::string(5000, 'x'));
    duty::FetchLimits limits;
    limits.max_bytes = 4096;
    auto f = duty::fetch_page("file://" + path, limits);
    std::filesystem::remove(path);
    CHECK(f.error == "the page is larger than the limit of 4096 bytes");
    CHECK(f.body.empty());
}

TEST_CASE("fetch_page of a missing file says so in error") {
    auto f = duty::fetch_page("file:///nonexistent/netsec/index.html");
    CHECK(f.error == "the file could not be read");
}

TEST_CASE("fetch_page of a closed port says the site could not be reached") {
    // port 1 on loopback: nothing listens there
    auto f = duty::fetch_page("http://127.0.0.1:1/");
    CHECK(f.error == "the site refused the connection or could not be reached");
    CHECK(!f.status);
}

TEST_CASE("a URL of another scheme is refused as usage") {
    CHECK_THROWS_AS(duty::check_patrol_url("ftp://example.org/"), Error);
    try {
        duty::fetch_page("gopher://x/");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
        CHECK(std::string(e.what()) == "the URL 'gopher://x/' is not http://, https:// or file://");
    }
    CHECK_NOTHROW(duty::check_patrol_url("HTTPS://school.example/"));
}
