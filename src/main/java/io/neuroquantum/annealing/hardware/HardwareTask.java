package io.neuroquantum.annealing.hardware;

/**
 * A submitted task: the vendor's id for it, and what the backend needs to decode its answer later
 * (an embedding, the submitted variable order, the problem itself), kept on our side.
 *
 * @param backend the backend's name
 * @param vendorId the id the vendor gave the task (problem id, task ARN)
 * @param problem what was submitted, in the caller's variables
 * @param decoding backend-private state needed to turn the vendor's answer into the caller's variables
 */
public record HardwareTask(String backend, String vendorId, HardwareProblem problem, Object decoding) {
}
