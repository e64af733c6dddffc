import random

import streamlit as st

ROLES = [f"Role number {i}" for i in range(1, 15)]
st.title("Choose")
st.markdown("Pick one of the roles, then shuffle a short list of questions.")
role = st.selectbox("A role", ROLES)
st.markdown(f"You chose **{role}**.")
if st.button("Shuffle"):
    st.session_state["seed"] = st.session_state.get("seed", 0) + 1
questions = [f"Question {i}: what is a typical day like?" for i in range(1, 6)]
random.Random(st.session_state.get("seed", 0)).shuffle(questions)
for question in questions:
    st.markdown(f"- {question}")
