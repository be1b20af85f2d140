// Command expfmt-bench times Prometheus' reference text parser (github.com/prometheus/common/expfmt)
// on one exposition page, so that omescale's parser can be compared with it on the same bytes and the
// same core. It prints one JSON object on stdout.
//
// Sample counting rule (the same as omescale's ParseSummary.samples): one sample per sample line of the
// page. Counters, gauges and untyped metrics are one line each; a histogram is its _bucket lines
// (including le="+Inf") plus _sum plus _count; a summary is its quantile lines plus _sum plus _count.
// The count derived from the parsed families is checked against the page's sample lines before timing.
//
// Build offline with Debian's packages:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off go build -o bench/go/bin/expfmt-bench ./bench/go/expfmt-bench
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

type result struct {
	Impl                string    `json:"impl"`
	Page                string    `json:"page"`
	Bytes               int       `json:"bytes"`
	SamplesPerPage      int       `json:"samples_per_page"`
	FamiliesPerPage     int       `json:"families_per_page"`
	Iterations          int       `json:"iterations"`
	Seconds             float64   `json:"seconds"`
	MBPerS              float64   `json:"mb_per_s"`
	SamplesPerS         float64   `json:"samples_per_s"`
	BestSamplesPerS     float64   `json:"best_samples_per_s"`
	MeasuredSamplesPerS []float64 `json:"measured_samples_per_s"`
	NsPerPage           float64   `json:"ns_per_page"`
	AllocBytesPerSample float64   `json:"alloc_bytes_per_sample"`
	AllocBytesPerPage   float64   `json:"alloc_bytes_per_page"`
	GoMaxProcs          int       `json:"gomaxprocs"`
	GoVersion           string    `json:"go_version"`
}

func main() {
	pagePath := flag.String("page", "", "exposition page to parse (Prometheus text format 0.0.4)")
	name := flag.String("name", "", "page name in the output (default: file name without .prom)")
	iterations := flag.Int("iterations", 0, "parse the page this many times in one measurement "+
		"instead of -measurements x -measurement-time")
	measurements := flag.Int("measurements", 5, "timed measurements, like JMH's -i")
	measurementTime := flag.Duration("measurement-time", 2*time.Second, "length of each measurement, like JMH's -r")
	warmup := flag.Duration("warmup", 6*time.Second, "untimed parsing before the first measurement")
	flag.Parse()
	if *pagePath == "" {
		fail("missing -page: give the path of a .prom file, e.g. -page bench/results/pages/vllm-real.prom")
	}
	data, err := os.ReadFile(*pagePath)
	if err != nil {
		fail(fmt.Sprintf("cannot read page %s: %v", *pagePath, err))
	}
	if *name == "" {
		*name = strings.TrimSuffix(filepath.Base(*pagePath), ".prom")
	}

	// Check the counting rule on this page before timing anything.
	families, err := parse(&expfmt.TextParser{}, data)
	if err != nil {
		fail(fmt.Sprintf("expfmt rejects page %s: %v", *pagePath, err))
	}
	samples := countSamples(families)
	if lines := countSampleLines(data); lines != samples {
		fail(fmt.Sprintf("page %s: expfmt yields %d samples but the page has %d sample lines; "+
			"the counting rule does not hold for this page", *pagePath, samples, lines))
	}

	// One parser reused for every page, as a scraper would: this spares expfmt its bufio buffer per page.
	var parser expfmt.TextParser
	sink := 0
	for end := time.Now().Add(*warmup); time.Now().Before(end); {
		f, _ := parse(&parser, data)
		sink += len(f)
	}

	if *iterations > 0 {
		*measurements = 1
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	var elapsed time.Duration
	rates := make([]float64, 0, *measurements)
	for m := 0; m < *measurements; m++ {
		start := time.Now()
		ops := 0
		for {
			f, err := parse(&parser, data)
			if err != nil {
				fail(fmt.Sprintf("page %s failed on parse %d: %v", *pagePath, n+ops, err))
			}
			sink += len(f)
			ops++
			took := time.Since(start)
			if (*iterations > 0 && ops >= *iterations) || (*iterations == 0 && took >= *measurementTime) {
				elapsed += took
				rates = append(rates, float64(ops)/took.Seconds())
				break
			}
		}
		n += ops
	}
	runtime.ReadMemStats(&after)
	if sink == 0 {
		fail("no families parsed")
	}

	// Like JMH's score: the mean of the measurements' rates; the best one is kept too, because on a shared
	// machine interference only ever slows a measurement down.
	mean, best := 0.0, 0.0
	for _, r := range rates {
		mean += r / float64(len(rates))
		if r > best {
			best = r
		}
	}
	perMeasurement := make([]float64, len(rates))
	for i, r := range rates {
		perMeasurement[i] = r * float64(samples)
	}
	secs := elapsed.Seconds()
	alloc := float64(after.TotalAlloc - before.TotalAlloc)
	out := result{
		Impl:                "expfmt",
		Page:                *name,
		Bytes:               len(data),
		SamplesPerPage:      samples,
		FamiliesPerPage:     len(families),
		Iterations:          n,
		Seconds:             secs,
		MBPerS:              float64(len(data)) * mean / 1e6,
		SamplesPerS:         float64(samples) * mean,
		BestSamplesPerS:     float64(samples) * best,
		MeasuredSamplesPerS: perMeasurement,
		NsPerPage:           1e9 / mean,
		AllocBytesPerSample: alloc / float64(n) / float64(samples),
		AllocBytesPerPage:   alloc / float64(n),
		GoMaxProcs:          runtime.GOMAXPROCS(0),
		GoVersion:           runtime.Version(),
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fail(err.Error())
	}
}

func parse(p *expfmt.TextParser, data []byte) (map[string]*dto.MetricFamily, error) {
	return p.TextToMetricFamilies(bytes.NewReader(data))
}

// countSamples applies the counting rule in the package comment to parsed families.
func countSamples(families map[string]*dto.MetricFamily) int {
	n := 0
	for _, mf := range families {
		for _, m := range mf.GetMetric() {
			switch mf.GetType() {
			case dto.MetricType_HISTOGRAM, dto.MetricType_GAUGE_HISTOGRAM:
				h := m.GetHistogram()
				n += len(h.GetBucket()) + present(h.SampleSum != nil) + present(h.SampleCount != nil)
			case dto.MetricType_SUMMARY:
				s := m.GetSummary()
				n += len(s.GetQuantile()) + present(s.SampleSum != nil) + present(s.SampleCount != nil)
			default:
				n++
			}
		}
	}
	return n
}

// countSampleLines counts the lines that are neither blank nor comments.
func countSampleLines(data []byte) int {
	n := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimLeft(line, " \t")
		if len(line) > 0 && line[0] != '#' {
			n++
		}
	}
	return n
}

func present(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "expfmt-bench: "+msg)
	os.Exit(1)
}
