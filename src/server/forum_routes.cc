// The collaboration forum routes of the API (docs/FORUMS.md, docs/ACCESS.md): groups, meetings
// with their agenda, material (PDF) and calendar (iCalendar), decisions, the steering overview and
// collaboration agreements.
#include "server/forum_json.h"
#include "server/http_internal.h"

namespace lagesbild::server {

void HttpServer::Impl::forum_routes() {
  // The municipality of a call: the query parameter, else the body's "municipality".
  const auto municipality_of = [](const httplib::Request& req, const std::string& from_body) {
    const std::string q = param(req, "municipality");
    return q.empty() ? from_body : q;
  };
  const auto send_meetings = [this](httplib::Response& res, const std::vector<Meeting>& meetings,
                                    const std::string& municipality, int status) {
    const auto ctx = services.forums.context(municipality);
    json out = json::array();
    for (const Meeting& m : meetings) out.push_back(meeting_to_json(m, *ctx));
    send(res, status, out);
  };
  const auto send_calendar = [](httplib::Response& res, const std::string& ics) {
    res.set_header("Content-Disposition", "inline; filename=\"moten.ics\"");
    res.set_content(ics, "text/calendar; charset=utf-8");
  };

  http.Get("/api/v1/groups", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      const std::string m = services.reports.readable_municipality(p, param(req, "municipality"));
      const auto ctx = services.forums.context(m);
      json out = json::array();
      for (const ForumGroup& g : services.forums.groups(p, m)) {
        out.push_back(group_to_json(g, *ctx, user_names()));
      }
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/groups", [this, municipality_of](const httplib::Request& req,
                                                      httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      GroupInput in = group_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const ForumGroup g = services.forums.create_group(p, in);
      send(res, 201, group_to_json(g, *services.forums.context(g.municipality), user_names()));
    });
  });
  http.Get(R"(/api/v1/groups/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const ForumGroup g = services.forums.group(p, param(req, "municipality"), require_id(req));
      send(res, 200, group_to_json(g, *services.forums.context(g.municipality), user_names()));
    });
  });
  http.Get(R"(/api/v1/groups/(\d+)/meetings)", [this, send_meetings](const httplib::Request& req,
                                                                     httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const std::string m = services.reports.readable_municipality(p, param(req, "municipality"));
      send_meetings(res, services.forums.meetings(p, m, require_id(req)), m, 200);
    });
  });
  http.Post(R"(/api/v1/groups/(\d+)/meetings)",
            [this, municipality_of](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                MeetingInput in = meeting_input_from_json(parse_body(req.body));
                in.municipality = municipality_of(req, in.municipality);
                in.group_id = require_id(req);
                const Meeting m = services.forums.create_meeting(p, in);
                send(res, 201, meeting_to_json(m, *services.forums.context(m.municipality)));
              });
            });
  http.Post(
      R"(/api/v1/groups/(\d+)/meetings/schedule)",
      [this, municipality_of, send_meetings](const httplib::Request& req, httplib::Response& res) {
        body_guarded(res, [&] {
          const Principal p = who(req);
          ScheduleInput in = schedule_input_from_json(parse_body(req.body));
          in.municipality = municipality_of(req, in.municipality);
          in.group_id = require_id(req);
          const auto meetings = services.forums.schedule(p, in);
          send_meetings(res, meetings, meetings.front().municipality, 201);
        });
      });
  http.Get(R"(/api/v1/groups/(\d+)/calendar\.ics)",
           [this, send_calendar](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               const Principal p = who(req);
               send_calendar(
                   res, services.forums.calendar(p, param(req, "municipality"), require_id(req)));
             });
           });

  http.Get("/api/v1/meetings", [this, send_meetings](const httplib::Request& req,
                                                     httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      const std::string m = services.reports.readable_municipality(p, param(req, "municipality"));
      send_meetings(res, services.forums.meetings(p, m, std::nullopt), m, 200);
    });
  });
  http.Get("/api/v1/meetings/calendar.ics", [this, send_calendar](const httplib::Request& req,
                                                                  httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      send_calendar(res, services.forums.calendar(p, param(req, "municipality"), std::nullopt));
    });
  });
  http.Get(
      R"(/api/v1/meetings/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
          const Principal p = who(req);
          const Meeting m = services.forums.meeting(p, param(req, "municipality"), require_id(req));
          send(res, 200, meeting_to_json(m, *services.forums.context(m.municipality)));
        });
      });
  http.Patch(R"(/api/v1/meetings/(\d+))", [this, municipality_of](const httplib::Request& req,
                                                                  httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      MinutesInput in = minutes_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const MinutesResult r = services.forums.record(p, require_id(req), in);
      json out = meeting_to_json(r.meeting, *services.forums.context(r.meeting.municipality));
      out["personal_data"] = personal_data_to_json(r.personal_data);
      send(res, 200, out);
    });
  });
  http.Get(R"(/api/v1/meetings/(\d+)/agenda)", [this](const httplib::Request& req,
                                                      httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      send(res, 200,
           agenda_to_json(services.forums.agenda(p, param(req, "municipality"), require_id(req))));
    });
  });
  http.Get(R"(/api/v1/meetings/(\d+)/material)", [this](const httplib::Request& req,
                                                        httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const Id id = require_id(req);
      const std::string pdf = services.forums.material_pdf(p, param(req, "municipality"), id);
      res.set_header("Content-Disposition",
                     "attachment; filename=\"mote-" + std::to_string(id) + ".pdf\"");
      res.set_content(pdf, "application/pdf");
    });
  });
  http.Post(R"(/api/v1/meetings/(\d+)/decisions)",
            [this, municipality_of](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                DecisionInput in = decision_input_from_json(parse_body(req.body));
                in.municipality = municipality_of(req, in.municipality);
                in.meeting_id = require_id(req);
                const DecisionResult r = services.forums.decide(p, in);
                const auto ctx = services.forums.context(r.decision.municipality);
                json out = decision_to_json(r.decision, *ctx);
                out["personal_data"] = personal_data_to_json(r.personal_data);
                if (r.measure) {
                  out["measure_status"] = to_string(r.measure->status);
                }
                send(res, 201, out);
              });
            });
  http.Post(R"(/api/v1/decisions/(\d+)/close)",
            [this, municipality_of](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                CloseInput in = close_input_from_json(parse_body(req.body));
                in.municipality = municipality_of(req, in.municipality);
                const Decision d = services.forums.close(p, require_id(req), in);
                send(res, 200, decision_to_json(d, *services.forums.context(d.municipality)));
              });
            });

  http.Get("/api/v1/forum-overview", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      const std::string format = param(req, "format");
      if (format == "csv") {
        res.set_header("Content-Disposition", "attachment; filename=\"oversikt.csv\"");
        res.set_content(services.forums.overview_csv(p, param(req, "municipality")),
                        "text/csv; charset=utf-8");
      } else if (format.empty() || format == "json") {
        send(res, 200, overview_to_json(services.forums.overview(p, param(req, "municipality"))));
      } else {
        throw ServiceError::invalid("format", "must be json or csv");
      }
    });
  });

  http.Get("/api/v1/agreements", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      const std::string m = services.reports.readable_municipality(p, param(req, "municipality"));
      const auto ctx = services.forums.context(m);
      const auto measures = services.forums.linked_measures(m);
      const auto promises = services.forums.linked_promises(m);
      json out = json::array();
      for (const auto& a : services.forums.agreements(p, m)) {
        out.push_back(agreement_to_json(a, *ctx, measures, promises));
      }
      send(res, 200, out);
    });
  });
  const auto send_agreement = [this](httplib::Response& res, const CollaborationAgreement& a,
                                     int status) {
    send(res, status,
         agreement_to_json(a, *services.forums.context(a.municipality),
                           services.forums.linked_measures(a.municipality),
                           services.forums.linked_promises(a.municipality)));
  };
  http.Post("/api/v1/agreements", [this, municipality_of, send_agreement](
                                      const httplib::Request& req, httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      AgreementInput in = agreement_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      send_agreement(res, services.forums.create_agreement(p, in), 201);
    });
  });
  http.Post(
      R"(/api/v1/agreements/(\d+)/follow-ups)",
      [this, municipality_of, send_agreement](const httplib::Request& req, httplib::Response& res) {
        body_guarded(res, [&] {
          const Principal p = who(req);
          FollowUpInput in = follow_up_input_from_json(parse_body(req.body));
          in.municipality = municipality_of(req, in.municipality);
          send_agreement(res, services.forums.follow_up(p, require_id(req), in), 201);
        });
      });
}

}  // namespace lagesbild::server
