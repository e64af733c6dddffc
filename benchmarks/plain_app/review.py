import streamlit as st

st.title("Review")
st.markdown("Filter a short list of people.")
archived = st.toggle("Show archived")
kinds = st.pills("Kinds", ["Meetups", "Discord", "LinkedIn", "Open source"],
                 selection_mode="multi")
people = [f"Person {i}" + (" (archived)" if archived else "") for i in range(1, 9)]
for person in people:
    st.markdown(f"- {person}: {', '.join(kinds) or 'anywhere'}")
