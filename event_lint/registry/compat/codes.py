"""Every change code, what it means and how to fix a break (the docs table comes from here)."""

from __future__ import annotations

# code -> (what changed, fix hint when it breaks)
CODES: dict[str, tuple[str, str]] = {
    "ANNOTATION_CHANGED": (
        "title, description, $id, default, examples, another annotation or a keyword that "
        "is not JSON Schema changed",
        "",
    ),
    "TYPE_CHANGED": (
        "the allowed types changed: some were removed and others added",
        "publish a new event name, or add the new type next to the old one (a union) and stop "
        "writing the old one only after every reader handles it",
    ),
    "TYPE_WIDENED": (
        "a type was added (integer -> number, string -> [string, null], type removed)",
        "update every reader (function) before writers send the new type",
    ),
    "TYPE_NARROWED": (
        "a type was removed (number -> integer, [string, null] -> string, type added)",
        "keep accepting the old type: events written under the old version are replayed",
    ),
    "ENUM_VALUE_ADDED": (
        "a value was added to an enum",
        "update every reader (function) to handle the new value before writers send it",
    ),
    "ENUM_VALUE_REMOVED": (
        "a value was removed from an enum",
        "keep the value in the enum (mark it deprecated in the description) so old events validate",
    ),
    "ENUM_ADDED": (
        "an enum was added: only the listed values remain valid",
        "list every value old events can hold, or publish a new event name",
    ),
    "ENUM_REMOVED": (
        "the enum was removed: any value of the type is valid",
        "update every reader to handle arbitrary values before writers send them",
    ),
    "CONST_CHANGED": (
        "the const value changed",
        "use an enum holding both values, or publish a new event name",
    ),
    "CONST_ADDED": (
        "a const was added: only one value remains valid",
        "use an enum of every value old events can hold",
    ),
    "CONST_REMOVED": (
        "the const was removed",
        "update every reader to handle other values before writers send them",
    ),
    "LIMIT_TIGHTENED": (
        "a bound was added or made stricter (max*/min*, exclusive bounds)",
        "keep the old bound: events written under the old version must still validate",
    ),
    "LIMIT_RELAXED": (
        "a bound was removed or made looser (max*/min*, exclusive bounds)",
        "update every reader to accept the wider range before writers use it",
    ),
    "MULTIPLE_OF_CHANGED": (
        "multipleOf was added, removed or changed",
        "keep a multipleOf that divides every value old and new writers produce",
    ),
    "PATTERN_ADDED": (
        "a pattern was added",
        "make sure every value old events hold matches, or drop the pattern",
    ),
    "PATTERN_REMOVED": (
        "the pattern was removed",
        "update every reader to accept any string before writers send one",
    ),
    "PATTERN_CHANGED": (
        "the pattern changed (regular expressions are not compared: possibly breaking)",
        "keep the old pattern as an alternative (old|new) until old events expire",
    ),
    "FORMAT_ADDED": (
        "a format was added",
        "make sure every value old events hold has the format, or drop it",
    ),
    "FORMAT_REMOVED": (
        "the format was removed",
        "update every reader to accept any string before writers send one",
    ),
    "FORMAT_CHANGED": (
        "the format changed",
        "publish a new property for the new format and keep the old one",
    ),
    "UNIQUE_ITEMS_ADDED": (
        "uniqueItems was added",
        "drop uniqueItems, or make sure old events never repeat an item",
    ),
    "UNIQUE_ITEMS_REMOVED": (
        "uniqueItems was removed",
        "update every reader to accept repeated items before writers send them",
    ),
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_MODEL": (
        "an optional property was added to an open object (additionalProperties absent or true)",
        "close the object (additionalProperties: false) so old events cannot hold the name "
        "with another type, or use the lenient policy if writers never send undeclared keys",
    ),
    "OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL": (
        "an optional property was added to a closed object (additionalProperties: false)",
        "update every reader (function) before writers send the property, or use the lenient "
        "policy",
    ),
    "OPTIONAL_PROPERTY_ADDED_TO_PARTIAL_MODEL": (
        "an optional property was added where additionalProperties/patternProperties is a schema",
        "give the property a schema the old additionalProperties/patternProperties schema accepts",
    ),
    "REQUIRED_PROPERTY_ADDED": (
        "a required property without a default was added",
        "add it as optional, or give it a default that readers fill in",
    ),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED": (
        "a required property with a default was added (readers fill in the default)",
        "update every reader before writers send the property",
    ),
    "OPTIONAL_PROPERTY_REMOVED_FROM_OPEN_MODEL": (
        "an optional property was removed from an open object",
        "keep the property declared (mark it deprecated) so writers cannot reuse the name",
    ),
    "OPTIONAL_PROPERTY_REMOVED_FROM_CLOSED_MODEL": (
        "an optional property was removed from a closed object",
        "keep the property declared (mark it deprecated): old events still hold it",
    ),
    "OPTIONAL_PROPERTY_REMOVED_FROM_PARTIAL_MODEL": (
        "an optional property was removed where additionalProperties/patternProperties is a schema",
        "keep the property declared (mark it deprecated)",
    ),
    "REQUIRED_PROPERTY_REMOVED": (
        "a required property was removed",
        "keep the property (make it optional only after every reader stops needing it)",
    ),
    "REQUIRED_PROPERTY_WITH_DEFAULT_REMOVED": (
        "a required property with a default was removed (old readers fill in the default)",
        "keep the property declared (mark it deprecated): old events still hold it",
    ),
    "PROPERTY_MADE_REQUIRED": (
        "an optional property became required",
        "keep it optional, or give it a default that readers fill in",
    ),
    "PROPERTY_MADE_OPTIONAL": (
        "a required property became optional",
        "update every reader to handle a missing value before writers omit it",
    ),
    "ADDITIONAL_PROPERTIES_ALLOWED": (
        "the object was opened (additionalProperties false -> true or a schema)",
        "update every reader to accept undeclared keys, or use the lenient policy",
    ),
    "ADDITIONAL_PROPERTIES_FORBIDDEN": (
        "the object was closed (additionalProperties true or a schema -> false)",
        "declare every key old events hold, or use the lenient policy",
    ),
    "VALUES_ALLOWED": (
        "a place that accepted nothing (false schema) now accepts values",
        "update every reader before writers send values there",
    ),
    "VALUES_FORBIDDEN": (
        "a place now accepts nothing (false schema)",
        "keep accepting the values old events hold",
    ),
    "UNION_BRANCH_ADDED": (
        "a branch was added to anyOf/oneOf",
        "update every reader to handle the new branch before writers send it",
    ),
    "UNION_BRANCH_REMOVED": (
        "a branch was removed from anyOf/oneOf",
        "keep the branch: old events may match only it",
    ),
    "ONE_OF_OVERLAP_ADDED": (
        "a oneOf branch was added that may overlap another (a value matching two is rejected)",
        "make the branches exclusive (a discriminator property with distinct const values)",
    ),
    "ONE_OF_OVERLAP_REMOVED": (
        "a oneOf branch that may overlap another was removed (values matching both were "
        "rejected before)",
        "update every reader to accept values that match the remaining branch",
    ),
    "NOT_CHANGED": (
        "the schema under not changed",
        "keep the old not schema, or make the new one exclude only what the old one did",
    ),
    "CONTAINS_CHANGED": (
        "contains, minContains or maxContains changed",
        "keep the old contains schema and counts",
    ),
    "PROPERTY_NAMES_CHANGED": (
        "the propertyNames schema changed",
        "keep accepting every key name old events hold",
    ),
    "UNION_KIND_CHANGED": (
        "anyOf became oneOf or the reverse",
        "keep the keyword; oneOf rejects values that match two branches",
    ),
    "DEPENDENT_REQUIRED_ADDED": (
        "a dependentRequired name was added",
        "make sure old events that hold the key also hold its dependents, or drop the rule",
    ),
    "DEPENDENT_REQUIRED_REMOVED": (
        "a dependentRequired name was removed",
        "update every reader to handle the dependent key missing",
    ),
    "CONDITION_CHANGED": (
        "the if schema of if/then/else changed (conditions are not compared: possibly breaking)",
        "keep the old condition and add a second if/then under allOf",
    ),
    "UNDECIDED_KEYWORD_CHANGED": (
        "a keyword the checker does not judge exactly changed (unevaluated* beside in-place "
        "applicators, $dynamicRef): possibly breaking",
        "review the change by hand; set the event's compatibility to NONE if it is intended",
    ),
    "BREAK_FOUND_BY_EXAMPLE": (
        "no keyword rule names the change, but a payload one version accepts is rejected by "
        "the other (found by testing payloads built from both schemas)",
        "compare the two versions at the places the example payload touches",
    ),
    "REF_UNRESOLVABLE": (
        "a $ref does not resolve inside the registry: possibly breaking",
        "fix the $ref so it points into the registry",
    ),
}
