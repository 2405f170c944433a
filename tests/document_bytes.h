// Files of the types a dossier document may have, built in memory: the
// smallest bytes each type's signature needs (engine::SniffDocumentType),
// so the tests need no fixtures on disk.
#ifndef ICTGATE_TESTS_DOCUMENT_BYTES_H_
#define ICTGATE_TESTS_DOCUMENT_BYTES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ictgate::testing {

// A one-page PDF whose content stream holds `text`.
inline std::string PdfBytes(const std::string& text = "Business case v1") {
  return "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% " + text +
         "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
}

namespace internal {
inline void PutLe(std::string& out, uint32_t value, int width) {
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}
}  // namespace internal

// A ZIP of `entries` (name, bytes), each stored uncompressed, with its
// central directory and end record. CRCs are left 0: the type is read
// from the structure, not checked for integrity.
inline std::string StoredZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  using internal::PutLe;
  std::string out, directory;
  for (const auto& [name, bytes] : entries) {
    const auto offset = static_cast<uint32_t>(out.size());
    const auto size = static_cast<uint32_t>(bytes.size());
    out += std::string("PK\x03\x04", 4);
    PutLe(out, 20, 2);  // version needed
    PutLe(out, 0, 2);   // flags
    PutLe(out, 0, 2);   // stored
    PutLe(out, 0, 4);   // time and date
    PutLe(out, 0, 4);   // crc
    PutLe(out, size, 4);
    PutLe(out, size, 4);
    PutLe(out, static_cast<uint32_t>(name.size()), 2);
    PutLe(out, 0, 2);  // extra
    out += name + bytes;
    directory += std::string("PK\x01\x02", 4);
    PutLe(directory, 20, 2);
    PutLe(directory, 20, 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 4);
    PutLe(directory, 0, 4);
    PutLe(directory, size, 4);
    PutLe(directory, size, 4);
    PutLe(directory, static_cast<uint32_t>(name.size()), 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 4);
    PutLe(directory, offset, 4);
    directory += name;
  }
  const auto start = static_cast<uint32_t>(out.size());
  out += directory;
  out += std::string("PK\x05\x06", 4);
  PutLe(out, 0, 2);
  PutLe(out, 0, 2);
  PutLe(out, static_cast<uint32_t>(entries.size()), 2);
  PutLe(out, static_cast<uint32_t>(entries.size()), 2);
  PutLe(out, static_cast<uint32_t>(directory.size()), 4);
  PutLe(out, start, 4);
  PutLe(out, 0, 2);
  return out;
}

// An OpenDocument text: "mimetype" first, uncompressed.
inline std::string OdtBytes(const std::string& text = "Architectuurschets v1") {
  return StoredZip(
      {{"mimetype", "application/vnd.oasis.opendocument.text"},
       {"content.xml", "<office:document-content>" + text + "</office:document-content>"}});
}

// An Office Open XML word-processing document.
inline std::string DocxBytes(const std::string& text = "Planning v1") {
  return StoredZip({{"[Content_Types].xml", "<Types/>"},
                    {"word/document.xml", "<w:document>" + text + "</w:document>"}});
}

}  // namespace ictgate::testing

#endif  // ICTGATE_TESTS_DOCUMENT_BYTES_H_
