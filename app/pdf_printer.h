// Printing an HTML document to PDF with headless Chromium: the browser the
// dashboard's tests already drive, so a CIO-oordeel prints as a browser
// prints it, with no second renderer to keep in step with the HTML.
//
// Why not a PDF library: Debian's candidates either draw pages from code
// (libharu, cairo) and would need the document laid out twice, or convert
// HTML with an engine of their own (wkhtmltopdf, unmaintained upstream since
// 2023). Chromium is packaged, maintained and already installed for tests.
#ifndef ICTGATE_APP_PDF_PRINTER_H_
#define ICTGATE_APP_PDF_PRINTER_H_

#include <string>

namespace ictgate::app {

// Writes `html` as a PDF (A4, no browser header or footer) to `pdf_path`,
// through a temporary directory that is removed afterwards. The browser is
// $ICTGATE_CHROMIUM, or `chromium` on the PATH. Throws std::runtime_error
// saying what failed: no browser, the browser's exit status, no PDF written.
void PrintHtmlToPdf(const std::string& html, const std::string& pdf_path);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_PDF_PRINTER_H_
