package dev.lmql.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits text into words before byte-level BPE, by one or more {@link SplitRule}s applied in turn (each to the
 * pieces of the previous one), for the {@code tokenizer.ggml.pre} values llama.cpp knows.
 */
final class PreTokenizer {
    private static final String GPT2 = "gpt2";
    private static final String DEFAULT_PUNCT = "[\\p{P}\\$\\+<=>\\^~\\|]+";
    private static final Map<String, String[]> RULES_BY_PRE = new TreeMap<>();

    static {
        register(new String[] {DEFAULT_PUNCT, GPT2, "\\p{N}+", "[0-9][0-9][0-9]"}, "default");
        register(new String[] {"llama3"}, "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral",
                "midm-2.0", "lfm2", "dbrx", "smaug-bpe", "chatglm-bpe");
        register(new String[] {"qwen2"}, "qwen2", "deepseek-r1-qwen", "stablelm2", "megrez", "hunyuan", "grok-2");
        register(new String[] {GPT2}, "gpt-2", "phi-2", "jina-es", "jina-de", "jina-v1-en", "jina-v2-es", "jina-v2-de",
                "jina-v2-code", "roberta-bpe", "gigachat", "a.x-4.0", "mellum", "mpt", "olmo", "jais", "trillion");
        register(new String[] {"\\p{N}", GPT2}, "starcoder", "refact", "command-r", "smollm", "codeshell",
                "exaone", "minerva-7b");
        register(new String[] {"[\\p{P}\\$\\+<=>\\^~\\|`]+", GPT2, "[0-9][0-9][0-9]"}, "falcon");
        // deepseek-llm's letter class (cased letters) and CJK ranges, as code points so no editor normalizes them
        register(new String[] {
            "[\\r\\n]",
            "\\s?[" + "A-Za-z\\x{B5}\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{1BA}\\x{1BC}-\\x{1BF}\\x{1C4}-\\x{293}\\x{295}-\\x{2AF}"
                    + "\\x{370}-\\x{373}\\x{376}-\\x{377}\\x{37B}-\\x{37D}\\x{37F}\\x{386}\\x{388}-\\x{38A}\\x{38C}\\x{38E}-\\x{3A1}"
                    + "\\x{3A3}-\\x{3F5}\\x{3F7}-\\x{481}\\x{48A}-\\x{52F}\\x{531}-\\x{556}\\x{10A0}-\\x{10C5}\\x{13A0}-\\x{13F5}\\x{13F8}-\\x{13FD}\\x{1C90}-\\x{1CBA}"
                    + "\\x{1CBD}-\\x{1CBF}\\x{1D00}-\\x{1D2B}\\x{1D6B}-\\x{1D77}\\x{1D79}-\\x{1D9A}\\x{1E00}-\\x{1F15}\\x{1F18}-\\x{1F1D}\\x{1F20}-\\x{1F45}\\x{1F48}-\\x{1F4D}"
                    + "\\x{1F50}-\\x{1F57}\\x{1F59}\\x{1F5B}\\x{1F5D}\\x{1F5F}-\\x{1F7D}\\x{1F80}-\\x{1FB4}\\x{1FB6}-\\x{1FBC}\\x{1FBE}"
                    + "\\x{1FC2}-\\x{1FC4}\\x{1FC6}-\\x{1FCC}\\x{1FD0}-\\x{1FD3}\\x{1FD6}-\\x{1FDB}\\x{1FE0}-\\x{1FEC}\\x{1FF2}-\\x{1FF4}\\x{1FF6}-\\x{1FFC}\\x{2102}"
                    + "\\x{2107}\\x{210A}-\\x{2113}\\x{2115}\\x{2119}-\\x{211D}\\x{2124}\\x{2126}\\x{2128}\\x{212A}-\\x{212D}"
                    + "\\x{212F}-\\x{2134}\\x{2139}\\x{213C}-\\x{213F}\\x{2145}-\\x{2149}\\x{214E}\\x{2183}-\\x{2184}\\x{2C00}-\\x{2C7B}\\x{2C7E}-\\x{2CE4}"
                    + "\\x{2CEB}-\\x{2CEE}\\x{2CF2}-\\x{2CF3}\\x{A640}-\\x{A66D}\\x{A680}-\\x{A69B}\\x{A722}-\\x{A76F}\\x{A771}-\\x{A787}\\x{A78B}-\\x{A78E}\\x{AB70}-\\x{ABBF}"
                    + "\\x{FB00}-\\x{FB06}\\x{FB13}-\\x{FB17}\\x{FF21}-\\x{FF3A}\\x{FF41}-\\x{FF5A}\\x{10400}-\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}\\x{10C80}-\\x{10CB2}"
                    + "\\x{10CC0}-\\x{10CF2}\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}" + "]+",
            "\\s?[!-/:-~\\x{FF01}-\\x{FF0F}\\x{FF1A}-\\x{FF5E}\\x{2018}-\\x{201F}\\x{3000}-\\x{3002}]+",
            "\\s+\\z",
            "[\\x{4E00}-\\x{9FA5}\\x{0800}-\\x{4E00}\\x{AC00}-\\x{D7FF}]+",
            "\\p{N}+"}, "deepseek-llm");
        register(new String[] {"[\\r\\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[\\x{4E00}-\\x{9FA5}\\x{0800}-\\x{4E00}\\x{AC00}-\\x{D7FF}]+", "\\p{N}"}, "deepseek-coder");
        register(new String[] {" ?[^(\\s|.,!?\\x{2026}\\x{3002}\\x{FF0C}\\x{3001}\\x{0964}\\x{06D4}\\x{060C})]+"}, "poro-chat", "bloom", "gpt3-finnish");
        register(new String[] {" ?[^(\\s|.,!?\\x{2026}\\x{3002}\\x{FF0C}\\x{3001}\\x{0964}\\x{06D4}\\x{060C})]+", "\\p{N}"}, "viking");
    }

    private final String name;
    private final List<SplitRule> rules;

    private PreTokenizer(String name, List<SplitRule> rules) {
        this.name = name;
        this.rules = rules;
    }

    /**
     * The pre-tokenizer for a {@code tokenizer.ggml.pre} value ({@code null} or empty means {@code default}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static PreTokenizer forName(String pre) {
        String key = pre == null || pre.isEmpty() ? "default" : pre;
        String[] specs = RULES_BY_PRE.get(key);
        if (specs == null) {
            throw new IllegalArgumentException("unknown BPE pre-tokenizer tokenizer.ggml.pre = '" + pre
                    + "'; supported: " + String.join(", ", RULES_BY_PRE.keySet()));
        }
        List<SplitRule> rules = new ArrayList<>();
        for (String spec : specs) {
            switch (spec) {
                case GPT2: rules.add(new Gpt2SplitRule()); break;
                case "llama3": rules.add(new Llama3SplitRule(3)); break;
                case "qwen2": rules.add(new Llama3SplitRule(1)); break;
                default: rules.add(new RegexSplitRule(spec)); break;
            }
        }
        return new PreTokenizer(key, List.copyOf(rules));
    }

    /** The known pre-tokenizer names. */
    static List<String> knownNames() {
        return List.copyOf(RULES_BY_PRE.keySet());
    }

    String name() {
        return name;
    }

    /** Splits text into words (substrings of the text, in order, joining back to the text). */
    List<String> split(String text) {
        int[] cpts = text.codePoints().toArray();
        List<Integer> lengths = new ArrayList<>();
        lengths.add(cpts.length);
        for (SplitRule rule : rules) {
            List<Integer> next = new ArrayList<>();
            int start = 0;
            for (int len : lengths) {
                rule.split(cpts, start, start + len, next);
                start += len;
            }
            lengths = next;
        }
        List<String> words = new ArrayList<>(lengths.size());
        int start = 0;
        for (int len : lengths) {
            if (len > 0) {
                words.add(new String(cpts, start, len));
            }
            start += len;
        }
        return words;
    }

    private static void register(String[] rules, String... names) {
        for (String n : names) {
            RULES_BY_PRE.put(n, rules);
        }
    }
}
