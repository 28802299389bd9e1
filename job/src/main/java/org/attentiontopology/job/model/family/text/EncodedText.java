package org.attentiontopology.job.model.family.text;

/**
 * One text after tokenization and truncation, ready to be batched.
 *
 * @param tokens word pieces, special tokens included
 * @param ids their vocabulary ids
 * @param typeIds their token type (segment) ids
 * @param truncated whether the text had more tokens than the model's max length
 * @param untruncatedLength its token count before truncation, special tokens included
 */
public record EncodedText(
    String[] tokens, long[] ids, long[] typeIds, boolean truncated, int untruncatedLength) {

  int length() {
    return ids.length;
  }
}
