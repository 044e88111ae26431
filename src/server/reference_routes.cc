// The reference routes of the API (see http_internal.h and docs/ACCESS.md).
#include "server/http_internal.h"
#include "server/json_mapping.h"

namespace lagesbild::server {

void HttpServer::Impl::reference_routes() {
  // Organisations.
  http.Get("/api/v1/organisations", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      for (const auto& o : services.reference.organisations(p, municipality(p, req)))
        out.push_back(to_json(o));
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/organisations", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const json body = parse_body(req.body);
      Organisation o{0, municipality(p, req), body.value("name", ""), body.value("kind", "")};
      send(res, 201, to_json(services.reference.create_organisation(p, o)));
    });
  });
  http.Patch(R"(/api/v1/organisations/(\d+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               guarded(res, [&] {
                 const Principal p = who(req);
                 const json body = parse_body(req.body);
                 Organisation o{require_id(req), municipality(p, req), body.value("name", ""),
                                body.value("kind", "")};
                 send(res, 200, to_json(services.reference.update_organisation(p, o)));
               });
             });
  http.Delete(R"(/api/v1/organisations/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_organisation(p, municipality(p, req), require_id(req));
                  res.status = 204;
                });
              });

  // Categories.
  auto category_from = [](const json& body, Id id, const std::string& m) {
    Category c{id,
               m,
               body.value("code", ""),
               body.value("name", ""),
               std::nullopt,
               body.value("active", true)};
    if (body.contains("parent_id") && body["parent_id"].is_number_integer())
      c.parent_id = body["parent_id"].get<Id>();
    return c;
  };
  http.Get("/api/v1/categories", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      for (const auto& c : services.reference.categories(p, municipality(p, req)))
        out.push_back(to_json(c));
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/categories",
            [this, category_from](const httplib::Request& req, httplib::Response& res) {
              guarded(res, [&] {
                const Principal p = who(req);
                auto c = category_from(parse_body(req.body), 0, municipality(p, req));
                send(res, 201, to_json(services.reference.create_category(p, c)));
              });
            });
  http.Patch(R"(/api/v1/categories/(\d+))", [this, category_from](const httplib::Request& req,
                                                                  httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      auto c = category_from(parse_body(req.body), require_id(req), municipality(p, req));
      send(res, 200, to_json(services.reference.update_category(p, c)));
    });
  });
  http.Delete(R"(/api/v1/categories/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_category(p, municipality(p, req), require_id(req));
                  res.status = 204;
                });
              });

  // Areas, as GeoJSON.
  auto area_from = [](const json& body, Id id, const std::string& m) {
    // A Feature {"type":"Feature","geometry":...,"properties":{"name":...}} or a flat object.
    const json& props =
        body.contains("properties") && body["properties"].is_object() ? body["properties"] : body;
    Area a{id, m, props.value("name", ""), props.value("kind", ""), ""};
    if (body.contains("geometry")) a.geometry_geojson = body["geometry"].dump();
    return a;
  };
  http.Get("/api/v1/areas", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json features = json::array();
      for (const auto& a : services.reference.areas(p, municipality(p, req)))
        features.push_back(to_json(a));
      res.status = 200;
      res.set_content(json{{"type", "FeatureCollection"}, {"features", features}}.dump(),
                      "application/geo+json");
    });
  });
  http.Post(
      "/api/v1/areas", [this, area_from](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
          const Principal p = who(req);
          const json body = parse_body(req.body);
          const std::string m = municipality(p, req);
          const bool repair = param(req, "repair") == "true";
          if (body.value("type", "") == "FeatureCollection") {
            json out = json::array();
            for (const auto& a : services.reference.import_areas(p, m, req.body, repair))
              out.push_back(to_json(a));
            send(res, 201, {{"type", "FeatureCollection"}, {"features", out}});
            return;
          }
          send(res, 201, to_json(services.reference.create_area(p, area_from(body, 0, m), repair)));
        });
      });
  http.Patch(R"(/api/v1/areas/(\d+))", [this, area_from](const httplib::Request& req,
                                                         httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      auto a = area_from(parse_body(req.body), require_id(req), municipality(p, req));
      send(res, 200, to_json(services.reference.update_area(p, a, param(req, "repair") == "true")));
    });
  });
  http.Delete(R"(/api/v1/areas/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_area(p, municipality(p, req), require_id(req));
                  res.status = 204;
                });
              });

  // Places.
  http.Get("/api/v1/places", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      for (const auto& pl : services.reference.places(p, municipality(p, req)))
        out.push_back(to_json(pl));
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/places", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const auto in = place_input_from_json(parse_body(req.body));
      send(res, 201, to_json(services.reference.create_place(p, municipality(p, req), in)));
    });
  });
  http.Patch(R"(/api/v1/places/(\d+))", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const auto in = place_input_from_json(parse_body(req.body));
      send(res, 200,
           to_json(services.reference.update_place(p, municipality(p, req), require_id(req), in)));
    });
  });
  http.Delete(R"(/api/v1/places/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_place(p, municipality(p, req), require_id(req));
                  res.status = 204;
                });
              });
}

}  // namespace lagesbild::server
