// The OpenAPI document (api/openapi.json), compiled into the binary. It is
// served as written (GET /api/v1/openapi.json) and its request schemas are
// enforced on every body (api/request_schema.h).
#ifndef ICTGATE_API_OPENAPI_DOCUMENT_H_
#define ICTGATE_API_OPENAPI_DOCUMENT_H_

#include <string>

namespace ictgate::api {

// The document's text, exactly as in the repository.
const std::string& OpenApiText();

}  // namespace ictgate::api

#endif  // ICTGATE_API_OPENAPI_DOCUMENT_H_
