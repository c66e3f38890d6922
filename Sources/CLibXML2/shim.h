// Debian's libxml2 is built with ICU, and its encoding.h then includes ICU headers whose
// module clashes with Foundation's. We never touch the ICU-dependent struct fields (only
// pointers to them), so hiding ICU from this module is safe.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
