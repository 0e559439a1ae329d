// libxml2's HTML parser for FactwireExtract.
#include <libxml/xmlversion.h>
// The system libxml2 is built with ICU; its ICU headers clash with the ICU copy inside Foundation.
// Factwire decodes bytes itself and hands libxml2 UTF-8, so the ICU converter API is not needed.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

/// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void factwire_xml_free(void *pointer) { xmlFree(pointer); }

/// Lets the HTML parser follow elements nested `depth` deep. Its default, 256, ends the whole parse at the
/// first element deeper than that, and pages whose templates leave tags unclosed (`<font>`, `<div>`) nest
/// every later element one level deeper: the rest of the article was dropped without a word. libxml2 2.9
/// and 2.10 read the limit from this process-wide variable; later versions ignore it (and nest deeper by
/// themselves only with XML_PARSE_HUGE, which also lifts the limits that keep hostile input cheap).
static inline void factwire_xml_set_maximum_depth(unsigned int depth) {
#if LIBXML_VERSION < 21100
    xmlParserMaxDepth = depth;
#else
    (void)depth;
#endif
}
