/**
 * The planner's small words, as data (rules in plan.ts): filler it may skip, words that make it
 * decline when nothing applied them, write verbs and the phrasings that ask ops-agent to act.
 */

/** A case-insensitive whole-word pattern from `a|b|c`. */
export const W = (words: string) => new RegExp(`\\b(?:${words})\\b`, "i");

/**
 * Words that carry no condition: skipped when left over. Anything else left over after every rule ran is
 * a condition the planner did not apply, and it declines (see `CATEGORIES`).
 */
export const FILLER = new Set(
  (
    "a an the of in on at for from to by with within across into and or is are was were be been being am " +
    "do does did have has had having got i me my mine we us our ours you your it its they them their theirs " +
    "there here this that these those which what who whose where when how show showing shown list listing " +
    "give get find tell display print see view fetch look lookup check report enumerate any all every each " +
    "some please can could would will should may might currently current now today right exist exists " +
    "existing deployed just also too let know want like need info information detail details inventory " +
    "one ones thing things stuff resource resources item items aws amazon cloud region regions whole entire " +
    "full complete only about same else ok okay hey so then still yet kind sort type types names name " +
    "ids id arn arns status state states version versions column columns field fields value values " +
    "attribute attributes property properties configured set up make makes making allow allows allowing " +
    "permit permits use uses using used contain contains containing belong belongs belonging live lives " +
    "located sit sits run runs hold holds holding owned owns own under"
  ).split(/\s+/),
);

/**
 * Why a left-over word changes the answer, checked in order; the first that matches names the category
 * in the decline message. A left-over word in none of them is still declined, as "a condition".
 */
export const CATEGORIES: Array<{ name: string; pattern: RegExp }> = [
  {
    name: "a negation",
    pattern: W(
      "not|no|non|never|none|without|except|excluding|exclude|besides|other than|lacks?|lacking|missing|un\\w+",
    ),
  },
  {
    name: "a count",
    pattern: W("how many|count|counts|counting|number|numbers|total|totals|sum|average|avg|mean|tally"),
  },
  {
    name: "a cost",
    pattern:
      /\$|\b(?:cost|costs|costing|spend|spending|spent|price|prices|pricing|bill|billing|billed|expensive|cheap|cheapest|dollars?|usd|eur|money|budget|charges?|savings?)\b/i,
  },
  {
    name: "a comparison",
    pattern:
      /[<>=]|\b(?:more|less|fewer|greater|larger|bigger|smaller|higher|lower|over|under|above|below|least|most|top|largest|biggest|smallest|oldest|newest|latest|earliest|max|min|maximum|minimum|than|since|before|after|between|last|past|days?|weeks?|months?|years?|hours?|older|newer|recent|recently|\d+)\b/i,
  },
];

/** Requests to change something (as a verb); refused only in an imperative position (`ACT_FRAMES`). */
export const WRITE_VERBS =
  "terminate|delete|remove|stop|start|restart|reboot|create|modify|update|put|attach|detach|enable|disable|scale|deploy|launch|kill|destroy|drop|rotate|change|upgrade|downgrade|resize|revoke|authorize|encrypt|decrypt|make|fix|apply|shut ?down|turn (?:off|on)|spin (?:up|down)|power (?:off|on)|purge|truncate|invoke|untag|rename|move|patch|roll ?back|grant|provision|install|uninstall|replace|restore|import|export|clean ?up|set|add|close|lock|unlock|reset|run|trigger|execute|redeploy|recreate|migrate|copy|back ?up|cordon|drain|evict|suspend|resume|pause|unpause";

const POLITE = "(?:(?:please|kindly|now|then|ok(?:ay)?|hey|so|also|and|just|go ahead and|quickly)\\s+)*";
const ASK_TO =
  "(?:(?:can|could|would|will|wo) (?:you|ops-agent|the agent)\\s+(?:please\\s+)?|(?:i|we) (?:want|need|would like|'d like) (?:you )?to\\s+|(?:i|we) (?:wanna|gotta)\\s+|help (?:me|us)\\s+|let'?s\\s+|you (?:should|must|need to)\\s+|ops-agent,?\\s+|try to\\s+|go and\\s+)?";

/**
 * Where a write verb asks ops-agent to act: the sentence starts with it (after politeness or "can you"),
 * or a clause does ("…, then delete them", "list … and stop those"). "Which clusters need an upgrade?",
 * "what's the start time", "which buckets make objects public?" keep the verb elsewhere: read questions.
 */
export const ACT_FRAMES: RegExp[] = [
  new RegExp(
    `^${POLITE}${ASK_TO}${POLITE}(${WRITE_VERBS})\\b(?!\\s+(?:time|times|date|dates|of|count|counts|status|history|polic(?:y|ies)|settings|configuration|config|windows?|schedules?|protection)\\b)`,
    "i",
  ),
  new RegExp(
    `(?:\\band|\\bthen|[,;.:])\\s+(?:then\\s+)?(?:please\\s+)?(${WRITE_VERBS})\\s+(?:it|them|those|these|the|all|every|each|any|that|this|my|our)\\b`,
    "i",
  ),
];

/** A question that continues the previous one in a session: "and in staging?", "what about prod?". */
export const FOLLOW_UP =
  /^(?:and|also|but|now|same|what about|how about|and what about|ok(?:ay)?,? (?:and|now)|then|only|just|those|them|the same)\b/i;

/** Phrasings that shape the output, not the set of items: named as not applied, the answer still runs. */
export const PRESENTATION: Array<{ pattern: RegExp; note: string }> = [
  {
    pattern:
      /\b(?:sort(?:ed)?|order(?:ed)?|rank(?:ed)?) by [\w ]+?(?= in\b| for\b| from\b|$)|\b(?:newest|oldest|latest|largest|smallest) first\b|\balphabetical(?:ly)?\b/i,
    note: "the ordering asked for (items are listed as the API returns them)",
  },
  {
    pattern: /\b(?:in|as) (?:a )?(?:table|list|json|csv|yaml|spreadsheet)\b/i,
    note: "the output format asked for (`ask --output json` gives JSON)",
  },
];

/**
 * "are all …?", "is every …?": a yes/no over every item. Listing the ones that match would read as
 * "yes", so the planner declines and points at the exceptions ("instances that are not running").
 */
export const UNIVERSAL =
  /^\s*(?:so,?\s+|and\s+)?(?:are|is|do|does|have|has)\s+(?:all|every|each)(?:\s+of)?\b/i;
