/**
 * HTTP side of grading: stateless prediction, batch photo uploads, batch grades, the review queue,
 * models and the research export; wires grading to traceability (batch checks, EPCIS inspecting events).
 */
package vn.nguon.api.grading;
