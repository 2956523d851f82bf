package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A filter whose values OCP documents fails closed: a value outside them
// can never match, and a gate over the empty result would pass without
// checking anything. Each set of values is OCP's tables plus the values its
// own samples send (backup-endpoints.md, ocp-api-notes.md).
var (
	// §4.2's table; the samples send DONE.
	dataBackupTaskStatusValues = enumValues{documented: []string{
		"BEGINNING", "INITIALIZING", "DOING", "DONE", "FAILED", "CANCELING", "CANCELED", "OVERDUE", "UNKNOWN"}}
	// §4.3's table, and RUNNING, which every sample sends although the
	// table lacks it.
	logBackupTaskStatusValues = enumValues{
		documented: []string{"STARTING", "INPROGRESS", "STOPPING", "STOPPED", "FAILED", "INTERRUPTED", "UNKNOWN"},
		sampled:    []string{"RUNNING"},
	}
	// OCP documents no table of cluster statuses; its cluster list sample
	// filters by RUNNING and CREATING, and its overview samples send
	// RUNNING.
	clusterStatusValues = enumValues{sampled: []string{"RUNNING", "CREATING"}}
	// The cluster list's type.
	clusterTypeValues = enumValues{documented: []string{"PRIMARY", "STANDBY"}}
)

// enumValues are the values of one of OCP's enums: those its tables list,
// and those only its samples send.
type enumValues struct {
	documented, sampled []string
}

func (e enumValues) all() []string { return append(slices.Clip(e.documented), e.sampled...) }

// note says which values OCP documents and sends, for descriptions.
func (e enumValues) note() string {
	var parts []string
	if len(e.documented) > 0 {
		parts = append(parts, "OCP documents "+codeList(e.documented))
	}
	if len(e.sampled) > 0 {
		parts = append(parts, "its own samples send "+codeList(e.sampled))
	}
	return strings.Join(parts, ", and ")
}

// codeList is `A`, `B` and `C`.
func codeList(values []string) string {
	coded := make([]string, len(values))
	for i, v := range values {
		coded[i] = "`" + v + "`"
	}
	if len(coded) == 1 {
		return coded[0]
	}
	return strings.Join(coded[:len(coded)-1], ", ") + " and " + coded[len(coded)-1]
}

// enumFilter refuses, at plan time, a set filter element outside values;
// unknown elements wait for checkEnumFilter before the read.
type enumFilter struct {
	values enumValues
}

func (v enumFilter) Description(context.Context) string {
	return "each value must be one of " + quotedList(v.values.all())
}

func (v enumFilter) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v enumFilter) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if msg := v.refusal(req.Path, s.ValueString()); msg != "" {
			resp.Diagnostics.AddAttributeError(req.Path.AtSetValue(e), "Invalid filter value", msg)
		}
	}
}

// refusal says why value cannot be an element of the filter at p, or "".
func (v enumFilter) refusal(p path.Path, value string) string {
	all := v.values.all()
	if slices.Contains(all, value) {
		return ""
	}
	msg := fmt.Sprintf("%s: %q is not a value OCP documents for this filter, so it could never match; use one of %s.",
		p, value, quotedList(all))
	if upper := strings.ToUpper(strings.TrimSpace(value)); upper != value && slices.Contains(all, upper) {
		msg += fmt.Sprintf(" OCP's values are upper case: did you mean %q?", upper)
	}
	return msg
}

// checkEnumFilter checks, before any request, filter values that were
// unknown at plan time.
func checkEnumFilter(p path.Path, values []string, allowed enumValues) diag.Diagnostics {
	var diags diag.Diagnostics
	v := enumFilter{values: allowed}
	for _, value := range values {
		if msg := v.refusal(p, value); msg != "" {
			diags.AddAttributeError(p, "Invalid filter value", msg)
		}
	}
	return diags
}

func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, s := range values {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}
