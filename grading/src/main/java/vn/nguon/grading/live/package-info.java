/**
 * Live updates of grading: every verdict, batch grade and review written is announced by a
 * PostgreSQL trigger ({@code NOTIFY nguon_grading}) and heard here on one listening connection.
 */
package vn.nguon.grading.live;
