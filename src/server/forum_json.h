// The collaboration forums' JSON (docs/FORUMS.md): groups, meetings, decisions, agendas, the
// overview and agreements out; the forum service's inputs in. Shared by the API and the CLI.
//
// Reading functions collect every problem with its JSON pointer and throw ServiceError(invalid).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "service/forum_service.h"

namespace lagesbild::server {

using nlohmann::json;

json group_to_json(const ForumGroup& g, const ingest::ReportContext& ctx,
                   const std::function<std::string(Id)>& user_name);
json meeting_to_json(const Meeting& m, const ingest::ReportContext& ctx);
json decision_to_json(const Decision& d, const ingest::ReportContext& ctx);
json decision_line_to_json(const report::DecisionLine& l);
json agenda_to_json(const report::MeetingAgenda& a);
json overview_to_json(const report::ForumOverview& o);
json agreement_to_json(const CollaborationAgreement& a, const ingest::ReportContext& ctx,
                       const std::vector<Measure>& measures,
                       const std::vector<CitizenPromise>& promises);
json personal_data_to_json(const std::vector<ingest::PersonalDataKind>& kinds);

GroupInput group_input_from_json(const json& body);
MeetingInput meeting_input_from_json(const json& body);
ScheduleInput schedule_input_from_json(const json& body);
MinutesInput minutes_input_from_json(const json& body);
DecisionInput decision_input_from_json(const json& body);
CloseInput close_input_from_json(const json& body);
AgreementInput agreement_input_from_json(const json& body);
FollowUpInput follow_up_input_from_json(const json& body);

}  // namespace lagesbild::server
