// Readers of the policy sections the registers own (calendar, training, duty, website, filing):
// each fills its struct from `root`, with defaults for what is absent, and reports problems
// through the checker; each has its JSON form for `netsec-policy show`.
#pragma once
#include "netsec/policy/checker.hpp"
#include "netsec/policy/policy.hpp"

#include <nlohmann/json.hpp>

namespace netsec::policy {

void read_calendar(Checker& checker, const YAML::Node& root, Calendar& out);
nlohmann::ordered_json calendar_json(const Calendar& calendar);

void read_training(Checker& checker, const YAML::Node& root, Training& out);
nlohmann::ordered_json training_json(const Training& training);

void read_duty(Checker& checker, const YAML::Node& root, Duty& out);
nlohmann::ordered_json duty_json(const Duty& duty);

// Reads both `website` and `filing`.
void read_website(Checker& checker, const YAML::Node& root, Website& website, Filing& filing);
nlohmann::ordered_json website_json(const Website& website);
nlohmann::ordered_json filing_json(const Filing& filing);

} // namespace netsec::policy
