/**
 * Named HTML character references a server might write a password's characters as: the
 * HTML 4 Latin-1 set (what PHP's htmlentities produces by default), the HTML5 names for
 * ASCII punctuation (htmlentities with ENT_HTML5), and the Polish letters of Latin
 * Extended-A. Numeric references (`&#322;`, `&#x142;`) cover every other character.
 */

/** U+00A0 … U+00FF in order: the HTML 4 Latin-1 entities. */
const LATIN1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml".split(
    " ",
  );

const OTHERS: Record<string, string[]> = {
  "\t": ["Tab"],
  "\n": ["NewLine"],
  "!": ["excl"],
  '"': ["quot", "QUOT"],
  "#": ["num"],
  $: ["dollar"],
  "%": ["percnt"],
  "&": ["amp", "AMP"],
  "'": ["apos"],
  "(": ["lpar"],
  ")": ["rpar"],
  "*": ["ast", "midast"],
  "+": ["plus"],
  ",": ["comma"],
  ".": ["period"],
  "/": ["sol"],
  ":": ["colon"],
  ";": ["semi"],
  "<": ["lt", "LT"],
  "=": ["equals"],
  ">": ["gt", "GT"],
  "?": ["quest"],
  "@": ["commat"],
  "[": ["lsqb", "lbrack"],
  "\\": ["bsol"],
  "]": ["rsqb", "rbrack"],
  "^": ["Hat"],
  _: ["lowbar", "UnderBar"],
  "`": ["grave", "DiacriticalGrave"],
  "{": ["lcub", "lbrace"],
  "|": ["verbar", "vert", "VerticalLine"],
  "}": ["rcub", "rbrace"],
  ą: ["aogon"],
  Ą: ["Aogon"],
  ć: ["cacute"],
  Ć: ["Cacute"],
  ę: ["eogon"],
  Ę: ["Eogon"],
  ł: ["lstrok"],
  Ł: ["Lstrok"],
  ń: ["nacute"],
  Ń: ["Nacute"],
  ś: ["sacute"],
  Ś: ["Sacute"],
  ź: ["zacute"],
  Ź: ["Zacute"],
  ż: ["zdot"],
  Ż: ["Zdot"],
};

/** The entity names (without `&` and `;`) that stand for `char`; empty when none. */
export function entityNames(char: string): readonly string[] {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0xa0 && code <= 0xff) return [LATIN1[code - 0xa0] ?? ""].filter((n) => n !== "");
  return OTHERS[char] ?? [];
}
