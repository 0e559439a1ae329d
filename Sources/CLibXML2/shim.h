// libxml2's HTML parser for FactwireExtract.
#include <libxml/xmlversion.h>
// The system libxml2 is built with ICU; its ICU headers clash with the ICU copy inside Foundation.
// Factwire decodes bytes itself and hands libxml2 UTF-8, so the ICU converter API is not needed.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>

/// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void factwire_xml_free(void *pointer) { xmlFree(pointer); }
