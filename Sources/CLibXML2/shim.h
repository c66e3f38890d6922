// Debian's libxml2 headers pull in ICU, whose module clashes with Foundation's: keep it out.
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
