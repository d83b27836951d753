package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"mingbai/server/mingbai"
)

//go:embed openapi.json
var openAPIDoc []byte

// openAPIDocument is the API's description: openapi.json with the record
// kinds and their fields written in from the kinds' specification, and the
// error codes from the table of their statuses, so the document a phone's
// developer reads is the one the server checks.
func openAPIDocument() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	schemas, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("openapi.json: no components.schemas")
	}
	var kinds []string
	var oneOf []any
	for _, spec := range mingbai.Kinds {
		name := "Fields_" + string(spec.Kind)
		kinds = append(kinds, string(spec.Kind))
		schemas[name] = fieldsSchema(spec)
		oneOf = append(oneOf, map[string]any{"$ref": "#/components/schemas/" + name})
	}
	schemas["RecordKind"] = map[string]any{"type": "string", "enum": kinds}
	schemas["RecordFields"] = map[string]any{"oneOf": oneOf,
		"description": "The kind's own fields; optional ones may be left out. A refusal names the field."}
	if pushed, ok := schemas["PushedRecord"].(map[string]any)["properties"].(map[string]any); ok {
		pushed["date"] = map[string]any{"type": "string", "pattern": datePattern, "description": fmt.Sprintf(
			"The day it happened in the township (%s): from %d days before today there to %d day after.",
			mingbai.TownshipZoneName(), mingbai.RecordDaysBack, mingbai.RecordDaysAhead)}
	}
	if body, ok := schemas["ErrorBody"].(map[string]any)["properties"].(map[string]any); ok {
		body["code"] = map[string]any{"type": "string", "enum": slices.Sorted(maps.Keys(statusOf))}
	}
	return json.MarshalIndent(doc, "", "  ")
}

const datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

// fieldsSchema describes one kind's fields as JSON Schema.
func fieldsSchema(spec mingbai.KindSpec) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range spec.Fields {
		props[f.Name] = fieldSchema(f)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	desc := "kind " + string(spec.Kind)
	for _, g := range spec.OneOfGroups() {
		var names []string
		for _, f := range g {
			names = append(names, f.Name)
		}
		desc += "; at least one of " + strings.Join(names, ", ") + " is required"
	}
	if spec.CheckRule != "" {
		desc += "; " + spec.CheckRule
	}
	if spec.OncePer != "" {
		desc += "; once per resident and " + spec.OncePer + " unless it supersedes the earlier one"
	}
	return map[string]any{"type": "object", "additionalProperties": false, "required": required,
		"properties": props, "description": desc}
}

func fieldSchema(f mingbai.Field) map[string]any {
	s := map[string]any{}
	switch f.Type {
	case mingbai.TypeText, mingbai.TypeLongText:
		s = map[string]any{"type": "string", "maxLength": f.Max}
		if f.Required {
			s["minLength"] = 1
		}
	case mingbai.TypeCount:
		s = map[string]any{"type": "integer", "minimum": f.Min, "maximum": f.Max}
	case mingbai.TypeHalfHours:
		s = map[string]any{"type": "number", "minimum": mingbai.MinHours, "maximum": mingbai.MaxHours, "multipleOf": 0.5}
	case mingbai.TypeDate:
		s = map[string]any{"type": "string", "pattern": datePattern}
	case mingbai.TypeChoice:
		s = map[string]any{"type": "string", "enum": f.Choices}
	case mingbai.TypeTopic, mingbai.TypeCampaign:
		s = map[string]any{"$ref": "#/components/schemas/Slug"}
	case mingbai.TypeSession:
		s = map[string]any{"$ref": "#/components/schemas/UUID"}
	case mingbai.TypeMaterials, mingbai.TypeTopics:
		s = map[string]any{"type": "array", "maxItems": f.Max, "items": map[string]any{"$ref": "#/components/schemas/Slug"}}
	}
	if f.FreeText {
		s["description"] = "Free text in the resident's own words, without names: left out of exports unless the office asks"
	}
	if f.NotAsked {
		s["description"] = "No longer asked for (the office records it once, elsewhere); accepted from older phones"
	}
	return s
}
