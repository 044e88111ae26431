// The measure routes of the API (see http_internal.h and docs/ACCESS.md).
#include "server/http_internal.h"
#include "server/json_mapping.h"
#include "server/measure_json.h"

namespace lagesbild::server {

void HttpServer::Impl::measure_routes() {
  // The municipality of a call: the query parameter, else the body's "municipality".
  const auto municipality_of = [](const httplib::Request& req, const std::string& from_body) {
    const std::string q = param(req, "municipality");
    return q.empty() ? from_body : q;
  };
  const auto filter_of = [](const httplib::Request& req) {
    return MeasureFilter{param(req, "municipality"), param(req, "status"), param(req, "area"),
                         param(req, "organisation")};
  };
  http.Get("/api/v1/measures",
           [this, filter_of](const httplib::Request& req, httplib::Response& res) {
             query_guarded(res, [&] {
               const Principal p = who(req);
               const MeasureFilter f = filter_of(req);
               json out = json::array();
               const auto measures = services.measures.list(p, f);
               if (!measures.empty()) {
                 const auto ctx = services.measures.context(measures.front().municipality);
                 for (const Measure& m : measures)
                   out.push_back(measure_to_json(m, *ctx, user_names()));
               }
               send(res, 200, out);
             });
           });
  http.Get("/api/v1/measures/export", [this, filter_of](const httplib::Request& req,
                                                        httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      res.set_header("Content-Disposition", "attachment; filename=\"atgarder.csv\"");
      res.set_content(services.measures.export_csv(p, filter_of(req)), "text/csv; charset=utf-8");
    });
  });
  http.Get(R"(/api/v1/measures/(\d+))", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const Measure m = services.measures.get(p, param(req, "municipality"), require_id(req));
      send(res, 200, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Post("/api/v1/measures", [this, municipality_of](const httplib::Request& req,
                                                        httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      MeasureInput in = measure_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const Measure m = services.measures.create(p, in);
      send(res, 201, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Patch(R"(/api/v1/measures/(\d+))", [this, municipality_of](const httplib::Request& req,
                                                                  httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      MeasureInput in = measure_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const Measure m = services.measures.update(p, require_id(req), in);
      send(res, 200, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Post(R"(/api/v1/measures/(\d+)/status)", [this](const httplib::Request& req,
                                                       httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      const StatusChange change = status_change_from_json(parse_body(req.body));
      const Measure m =
          services.measures.change_status(p, param(req, "municipality"), require_id(req), change);
      send(res, 200, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Post(R"(/api/v1/measures/(\d+)/notes)", [this](const httplib::Request& req,
                                                      httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      const std::string text = note_text_from_json(parse_body(req.body));
      const Measure m =
          services.measures.add_note(p, param(req, "municipality"), require_id(req), text);
      send(res, 201, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });

  // Safety walks.
  http.Get("/api/v1/safety-walks", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      const auto walks = services.safety_walks.list(p, param(req, "municipality"));
      if (!walks.empty()) {
        const auto ctx = services.safety_walks.context(walks.front().municipality);
        for (const SafetyWalk& w : walks) out.push_back(safety_walk_to_json(w, *ctx));
      }
      send(res, 200, out);
    });
  });
  http.Get(
      R"(/api/v1/safety-walks/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
          const Principal p = who(req);
          const SafetyWalk w =
              services.safety_walks.get(p, param(req, "municipality"), require_id(req));
          send(res, 200, safety_walk_to_json(w, *services.safety_walks.context(w.municipality)));
        });
      });
  http.Post("/api/v1/safety-walks", [this, municipality_of](const httplib::Request& req,
                                                            httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      SafetyWalkInput in = safety_walk_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const SafetyWalk w = services.safety_walks.create(p, in);
      send(res, 201, safety_walk_to_json(w, *services.safety_walks.context(w.municipality)));
    });
  });
  http.Post(R"(/api/v1/safety-walks/(\d+)/observations)",
            [this, municipality_of](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                ObservationInput in = observation_input_from_json(parse_body(req.body));
                in.municipality = municipality_of(req, in.municipality);
                const WalkObservation o = services.safety_walks.observe(p, require_id(req), in);
                send(res, 201,
                     observation_to_json(o, *services.safety_walks.context(o.municipality)));
              });
            });
  http.Patch(R"(/api/v1/safety-walks/observations/(\d+))",
             [this, municipality_of](const httplib::Request& req, httplib::Response& res) {
               body_guarded(res, [&] {
                 const Principal p = who(req);
                 ObservationPatch patch = observation_patch_from_json(parse_body(req.body));
                 patch.municipality = municipality_of(req, patch.municipality);
                 const WalkObservation o =
                     services.safety_walks.update_observation(p, require_id(req), patch);
                 send(res, 200,
                      observation_to_json(o, *services.safety_walks.context(o.municipality)));
               });
             });
  http.Post(R"(/api/v1/safety-walks/observations/(\d+)/measure)",
            [this](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                const Measure m = services.safety_walks.to_measure(p, param(req, "municipality"),
                                                                   require_id(req));
                send(res, 201,
                     measure_to_json(m, *services.measures.context(m.municipality), user_names()));
              });
            });

  // Citizen promises (medborgarlöften).
  const auto promise_json = [this](const CitizenPromise& p) {
    return citizen_promise_to_json(p, *services.citizen_promises.context(p.municipality));
  };
  http.Get("/api/v1/citizen-promises",
           [this, promise_json](const httplib::Request& req, httplib::Response& res) {
             query_guarded(res, [&] {
               const Principal p = who(req);
               json out = json::array();
               for (const auto& x : services.citizen_promises.list(p, param(req, "municipality"))) {
                 out.push_back(promise_json(x));
               }
               send(res, 200, out);
             });
           });
  http.Get(R"(/api/v1/citizen-promises/(\d+))",
           [this, promise_json](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               const Principal p = who(req);
               send(res, 200,
                    promise_json(services.citizen_promises.get(p, param(req, "municipality"),
                                                               require_id(req))));
             });
           });
  http.Get(R"(/api/v1/citizen-promises/(\d+)/report)",
           [this](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               const Principal p = who(req);
               const std::string format = req.has_param("format") ? param(req, "format") : "html";
               const Id id = require_id(req);
               std::string body =
                   services.citizen_promises.report(p, param(req, "municipality"), id, format);
               if (format == "pdf") {
                 res.set_header("Content-Disposition", "attachment; filename=\"medborgarlofte-" +
                                                           std::to_string(id) + ".pdf\"");
               }
               res.set_content(std::move(body),
                               format == "pdf" ? "application/pdf" : "text/html; charset=utf-8");
             });
           });
  http.Post("/api/v1/citizen-promises", [this, promise_json, municipality_of](
                                            const httplib::Request& req, httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      CitizenPromiseInput in = citizen_promise_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      send(res, 201, promise_json(services.citizen_promises.create(p, in)));
    });
  });
  http.Post(R"(/api/v1/citizen-promises/(\d+)/activities)",
            [this, promise_json](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                const ActivityInput in = activity_input_from_json(parse_body(req.body));
                send(res, 201,
                     promise_json(services.citizen_promises.add_activity(
                         p, param(req, "municipality"), require_id(req), in)));
              });
            });
  http.Patch(
      R"(/api/v1/citizen-promises/activities/(\d+))",
      [this, promise_json, municipality_of](const httplib::Request& req, httplib::Response& res) {
        body_guarded(res, [&] {
          const Principal p = who(req);
          ActivityPatch patch = activity_patch_from_json(parse_body(req.body));
          patch.municipality = municipality_of(req, patch.municipality);
          send(res, 200,
               promise_json(services.citizen_promises.update_activity(p, require_id(req), patch)));
        });
      });
}

}  // namespace lagesbild::server
