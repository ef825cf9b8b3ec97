/**
 * Pipelines: data (YAML, see docs/pipelines.md) that maps a rule's logsource to the events it runs
 * on (preconditions) and its field names to event field names. The bundled ones are resources under
 * {@code org/patou/sigma/pipeline/}.
 *
 * <p>Enters: pipeline YAML text. Leaves: immutable {@link org.patou.sigma.pipeline.Pipelines}.
 * Bad files throw {@link org.patou.sigma.pipeline.PipelineException} with file and line. No threads.
 */
package org.patou.sigma.pipeline;
