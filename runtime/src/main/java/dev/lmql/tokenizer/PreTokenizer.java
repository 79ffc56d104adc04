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
        register(new String[] {
            "[\r\n]",
            "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-ώᾀ-ᾴᾶ-ᾼιῂ-ῄῆ-ῌῐ-ΐῖ-Ίῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤΩℨK-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ"
                    + "\\x{10400}-\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}\\x{10C80}-\\x{10CB2}"
                    + "\\x{10CC0}-\\x{10CF2}\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}]+",
            "\\s?[!-/:-~！-／：-～‘-‟　-。]+",
            "\\s+\\z",
            "[一-龥ࠀ-一가-퟿]+",
            "\\p{N}+"}, "deepseek-llm");
        register(new String[] {"[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[一-龥ࠀ-一가-퟿]+", "\\p{N}"}, "deepseek-coder");
        register(new String[] {" ?[^(\\s|.,!?…。，、।۔،)]+"}, "poro-chat", "bloom", "gpt3-finnish");
        register(new String[] {" ?[^(\\s|.,!?…。，、।۔،)]+", "\\p{N}"}, "viking");
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
