package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// offsetTimeType is a time of day with its UTC offset, as OCP's OffsetTime:
// "02:00+08:00", "02:00:00+08:00", "18:00Z". Values that name the same time
// and offset are semantically equal, so OCP's "02:00:00.000+08:00" never
// shows a diff against the configured "02:00+08:00".
type offsetTimeType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = offsetTimeType{}
	_ basetypes.StringValuableWithSemanticEquals = offsetTimeValue{}
	_ xattr.ValidateableAttribute                = offsetTimeValue{}
)

func (t offsetTimeType) String() string { return "offsetTimeType" }

func (t offsetTimeType) ValueType(context.Context) attr.Value { return offsetTimeValue{} }

func (t offsetTimeType) Equal(o attr.Type) bool {
	_, ok := o.(offsetTimeType)
	return ok
}

func (t offsetTimeType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return offsetTimeValue{StringValue: in}, nil
}

func (t offsetTimeType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return offsetTimeValue{StringValue: s}, nil
}

// offsetTimeValue is a value of offsetTimeType.
type offsetTimeValue struct {
	basetypes.StringValue
}

// newOffsetTime reads OCP's OffsetTime in its shortest form, "02:00+08:00",
// the form an imported strategy's configuration should use to plan no
// change; a prior value in another form is kept by semantic equality.
func newOffsetTime(s *string) offsetTimeValue {
	if s == nil {
		return offsetTimeValue{StringValue: basetypes.NewStringNull()}
	}
	return offsetTimeValue{StringValue: basetypes.NewStringValue(shortOffsetTime(*s))}
}

// shortOffsetTime writes s as HH:MM, with seconds and fraction only when
// they are not zero, and its offset ("Z" for UTC written as Z).
func shortOffsetTime(s string) string {
	m := offsetTimeRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	out := m[1] + ":" + m[2]
	frac := strings.TrimRight(m[4], "0")
	if (m[3] != "" && m[3] != "00") || frac != "" {
		out += ":" + m[3]
		if frac != "" {
			out += "." + frac
		}
	}
	return out + offsetOf(m)
}

// offsetOf is the offset of a match of offsetTimeRE as the configuration
// writes it: "Z", or "+08:00" whether OCP wrote "+08:00" or "+0800".
func offsetOf(m []string) string {
	if m[5] == "Z" {
		return "Z"
	}
	return m[6] + m[7] + ":" + m[8]
}

func (v offsetTimeValue) Type(context.Context) attr.Type { return offsetTimeType{} }

func (v offsetTimeValue) Equal(o attr.Value) bool {
	other, ok := o.(offsetTimeValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v offsetTimeValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(offsetTimeValue)
	if !ok || v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false, nil
	}
	a, errA := parseOffsetTime(v.ValueString())
	b, errB := parseOffsetTime(other.ValueString())
	return errA == nil && errB == nil && a == b, nil
}

func (v offsetTimeValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := parseOffsetTime(v.ValueString()); err != nil {
		// The path in the text too: Terraform before 1.12 shows a nested
		// attribute's error at the resource's line.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time of day", req.Path.String()+": "+err.Error())
	}
}

// ocpOffsetTime is s as OCP parses an OffsetTime: as written, with the
// offset in ISO's "+08:00" form, since OCP's own timestamps may write
// "+0800" but its parser of a configured time takes the colon form only.
func ocpOffsetTime(s string) string {
	m := offsetTimeRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	out := m[1] + ":" + m[2]
	if m[3] != "" {
		out += ":" + m[3]
		if m[4] != "" {
			out += "." + m[4]
		}
	}
	return out + offsetOf(m)
}

// equivalentTimeKept is a plan modifier of an offsetTimeType attribute: a
// configured time that is the same instant of the day as the one in state,
// written another way, plans the state's value, so that no form of writing
// it ("02:00+08:00", "02:00:00.000+08:00", "+0800") ever plans a change.
// Terraform accepts a planned value equal to the prior one in place of the
// configured one: the provider says they mean the same.
type equivalentTimeKept struct{}

func (equivalentTimeKept) Description(context.Context) string {
	return "a time equal to the one in state, written another way, plans no change"
}

func (m equivalentTimeKept) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (equivalentTimeKept) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	a, errA := parseOffsetTime(req.StateValue.ValueString())
	b, errB := parseOffsetTime(req.PlanValue.ValueString())
	if errA == nil && errB == nil && a == b {
		resp.PlanValue = req.StateValue
	}
}

// offsetTime is a parsed OffsetTime: the time of day in nanoseconds and the
// offset in seconds east of UTC.
type offsetTime struct {
	nanos  int64
	offset int
}

// offsetTimeRE matches an OffsetTime: hour, minute, second, fraction, then
// the offset whole, its sign, hours and minutes (with or without a colon).
var offsetTimeRE = regexp.MustCompile(`^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$`)

// maxOffset is the largest UTC offset of any time zone (+14:00, Kiribati;
// the lowest is -12:00): a larger one is a typo, though Java's OffsetTime
// would take up to 18 hours.
const maxOffset = 14 * 3600

func parseOffsetTime(s string) (offsetTime, error) {
	m := offsetTimeRE.FindStringSubmatch(s)
	bad := func(why string) (offsetTime, error) {
		return offsetTime{}, fmt.Errorf("%q is not a time of day with its offset, such as \"02:00+08:00\", "+
			"\"02:00:00+08:00\" or \"18:00Z\"%s", s, why)
	}
	if m == nil {
		return bad("")
	}
	atoi := func(x string) int {
		n, _ := strconv.Atoi(x)
		return n
	}
	h, mi, sec := atoi(m[1]), atoi(m[2]), atoi(m[3])
	if h > 23 || mi > 59 || sec > 59 {
		return bad(": the hour must be 00-23 and minutes and seconds 00-59")
	}
	frac := (m[4] + "000000000")[:9]
	var t offsetTime
	t.nanos = (int64(h)*3600+int64(mi)*60+int64(sec))*1e9 + int64(atoi(frac))
	if m[5] != "Z" {
		oh, om := atoi(m[7]), atoi(m[8])
		if om > 59 || oh*3600+om*60 > maxOffset {
			return bad(": the offset must lie within -14:00 and +14:00, as every time zone's does")
		}
		t.offset = oh*3600 + om*60
		if m[6] == "-" {
			t.offset = -t.offset
		}
	}
	return t, nil
}
